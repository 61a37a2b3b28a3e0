import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

const NEAR_BOTTOM_PX = 48;

/**
 * Keeps a scrolling log pinned to its newest line while the reader is at the bottom; once they
 * scroll up to read, it stops following and counts what arrived since, until they jump back.
 */
export function useFollowTail(container: RefObject<HTMLElement | null>, itemCount: number, contentKey: unknown): { following: boolean; unseen: number; jumpToLive(): void } {
  const [following, setFollowing] = useState(true);
  const [unseenFrom, setUnseenFrom] = useState<number | null>(null);
  const followingRef = useRef(true);
  /** Where the last automatic scroll left the view; a view above it means the reader moved up. */
  const pinnedAt = useRef<number | null>(null);

  const scrollToEnd = useCallback(() => {
    const element = container.current;
    if (!element) return;
    // Scrolling to the end fires a scroll event that finds the reader at the bottom: still following.
    element.scrollTop = element.scrollHeight;
    pinnedAt.current = element.scrollTop;
  }, [container]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const onScroll = (): void => {
      const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= NEAR_BOTTOM_PX;
      followingRef.current = atBottom;
      setFollowing(atBottom);
      if (atBottom) setUnseenFrom(null);
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, [container]);

  useLayoutEffect(() => {
    // New words can arrive before the scroll event of a reader's scroll-up is handled: check the position too.
    const element = container.current;
    if (followingRef.current && element && pinnedAt.current !== null && element.scrollTop < pinnedAt.current - NEAR_BOTTOM_PX) {
      followingRef.current = false;
      setFollowing(false);
    }
    if (followingRef.current) scrollToEnd();
    else setUnseenFrom((from) => from ?? itemCount - 1);
  }, [itemCount, contentKey, scrollToEnd, container]);

  const jumpToLive = useCallback(() => {
    followingRef.current = true;
    setFollowing(true);
    setUnseenFrom(null);
    scrollToEnd();
  }, [scrollToEnd]);

  return { following, unseen: unseenFrom === null ? 0 : Math.max(0, itemCount - unseenFrom), jumpToLive };
}
