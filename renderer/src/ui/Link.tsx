import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../app/navigation.js';

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; state?: unknown };

/** A real link (middle-click, copy address and keyboard work) that navigates in place. */
export function Link({ to, state, onClick, ...rest }: LinkProps) {
  const follow = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to, { state });
  };
  return <a href={to} onClick={follow} {...rest} />;
}
