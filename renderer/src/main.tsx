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
