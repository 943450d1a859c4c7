// TEMPORARY placeholder entry (created by the e2e/tooling helper so the build chain can be tested).
// Replace with the real app entry.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<h1>Auction Lab</h1>);
