import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prewarmPoolWhenIdle } from '../state/pool';
import { startUrlSync } from '../state/urlSync';
import { sessionRouteOf } from '../ui/session/route';
import { SessionRoot } from '../ui/session/SessionRoot';
import '../ui/styles.css';
import { App } from './App';
import { installTestBridge } from './testBridge';

// A class-session link (a student's join link, the instructor's projector page) opens that page instead of the lab.
const session = sessionRouteOf(location);

if (!session) {
  startUrlSync();
  if (import.meta.env.VITE_TEST_BRIDGE === '1') installTestBridge();
  prewarmPoolWhenIdle();
}

createRoot(document.getElementById('root')!).render(<StrictMode>{session ? <SessionRoot route={session} /> : <App />}</StrictMode>);
