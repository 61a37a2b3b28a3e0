import { formatDateTime } from '../format/dates.js';

/** Marks data shown from the offline copy, so nobody mistakes it for live data. */
export function OfflineCopyNote({ cachedAt }: { cachedAt: number | null }) {
  if (cachedAt === null) return null;
  return <p className="offline-note">Offline: showing what was loaded at {formatDateTime(new Date(cachedAt).toISOString())}.</p>;
}
