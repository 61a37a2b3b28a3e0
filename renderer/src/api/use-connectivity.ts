import { useSyncExternalStore } from 'react';
import { connectivitySnapshot, subscribeConnectivity } from './connectivity.js';

export function useConnectivity(): ReturnType<typeof connectivitySnapshot> {
  return useSyncExternalStore(subscribeConnectivity, connectivitySnapshot);
}
