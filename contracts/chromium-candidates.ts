/**
 * Where a Chromium-family browser lives on each desktop OS, most specific first: Debian's chromium
 * in the bot's container and CI, Chrome, Chromium or Edge on a recruiter's machine. Shared by the bot
 * (its media page) and the server (PDF printing in web mode), which both drive the browser already
 * installed through playwright-core and never download one. Pure: the caller checks which exists.
 */
export function chromiumCandidates(platform: string, env: Readonly<Record<string, string | undefined>>): string[] {
  if (platform === 'darwin') {
    return ['Google Chrome', 'Chromium', 'Microsoft Edge', 'Brave Browser'].map((app) => `/Applications/${app}.app/Contents/MacOS/${app}`);
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string => Boolean(root));
    return roots.flatMap((root) => [`${root}\\Google\\Chrome\\Application\\chrome.exe`, `${root}\\Microsoft\\Edge\\Application\\msedge.exe`]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/usr/bin/microsoft-edge'];
}
