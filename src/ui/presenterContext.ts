import { createContext } from 'react';

/** True while the app is in presenter mode (set by the app shell around the lab's view): large type, short texts. */
export const PresenterContext = createContext(false);
