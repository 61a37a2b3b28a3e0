import { lazy } from 'react';

/**
 * The screens a recruiter rarely lands on, in their own chunks: the first screen (sessions or a
 * session) starts without evaluating the config editor, the dashboard's charts, settings or search.
 * Every chunk is fetched once the first screen is up (preloadScreens), so they are in memory when
 * the server goes away, and what was seen stays readable offline.
 */
const loaders = {
  transcripts: () => import('../transcripts/TranscriptsScreen.js'),
  dashboard: () => import('../dashboard/DashboardScreen.js'),
  configs: () => import('../configs/ConfigsScreen.js'),
  config: () => import('../configs/ConfigEditorScreen.js'),
  settings: () => import('../settings/SettingsScreen.js'),
};

export const TranscriptsScreen = lazy(() => loaders.transcripts().then((module) => ({ default: module.TranscriptsScreen })));
export const DashboardScreen = lazy(() => loaders.dashboard().then((module) => ({ default: module.DashboardScreen })));
export const ConfigsScreen = lazy(() => loaders.configs().then((module) => ({ default: module.ConfigsScreen })));
export const ConfigEditorScreen = lazy(() => loaders.config().then((module) => ({ default: module.ConfigEditorScreen })));
export const SettingsScreen = lazy(() => loaders.settings().then((module) => ({ default: module.SettingsScreen })));

let preloading: Promise<unknown> | null = null;

/** Fetches every screen's chunk (once); a failure is retried by the next call. */
export function preloadScreens(): Promise<unknown> {
  preloading ??= Promise.all(Object.values(loaders).map((load) => load())).catch((error: unknown) => {
    preloading = null;
    throw error;
  });
  return preloading;
}
