// First: starts the first screen's requests before the rest of the console is evaluated.
import './app/first-requests.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startConnectivityMonitor } from './api/connectivity.js';
import { App } from './app/App.js';
import { applyTheme } from './app/theme.js';
import './styles.css';

applyTheme();
startConnectivityMonitor();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
