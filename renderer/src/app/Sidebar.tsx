import { Link } from '../ui/Link.js';
import { paths, type Route } from './routes.js';
import { SignOutButton } from './SignOutButton.js';

const items = [
  { to: paths.sessions, label: 'Sessions', screens: ['sessions', 'session'] },
  { to: paths.transcripts, label: 'Transcripts', screens: ['transcripts'] },
  { to: paths.dashboard, label: 'Dashboard', screens: ['dashboard'] },
  { to: paths.configs, label: 'Configs', screens: ['configs', 'config'] },
  { to: paths.settings, label: 'Settings', screens: ['settings'] },
] as const;

export function Sidebar({ route }: { route: Route }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◉
        </span>
        Interview Console
      </div>
      <ul>
        {items.map((item) => {
          const current = (item.screens as readonly string[]).includes(route.screen);
          return (
            <li key={item.to}>
              <Link to={item.to} aria-current={current ? 'page' : undefined} className={current ? 'current' : undefined}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
      <SignOutButton />
    </nav>
  );
}
