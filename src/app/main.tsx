import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prewarmPoolWhenIdle } from '../state/pool';
import { startUrlSync } from '../state/urlSync';
import '../ui/styles.css';
import { App } from './App';
import { installTestBridge } from './testBridge';

startUrlSync();
if (import.meta.env.VITE_TEST_BRIDGE === '1') installTestBridge();

prewarmPoolWhenIdle();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
