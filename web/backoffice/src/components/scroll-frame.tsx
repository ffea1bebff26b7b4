import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Whether the frame overflows, and which of its sides hide columns right now. */
interface FrameState {
  scrollable: boolean;
  moreStart: boolean;
  moreEnd: boolean;
}

/**
 * A frame that scrolls sideways (a wide table on a phone) must be reachable by keyboard to be
 * scrolled (WCAG 2.1.1, axe's scrollable-region-focusable): it becomes a named, focusable region
 * only while it overflows, so wide screens keep one tab stop less. It also tracks which side hides
 * columns, for the shadows that show it (a scrollbar is drawn only while scrolling on most systems).
 */
function useScrollableFrame() {
  const [frame, ref] = useState<HTMLDivElement | null>(null);
  const [state, setState] = useState<FrameState>({ scrollable: false, moreStart: false, moreEnd: false });
  useEffect(() => {
    if (!frame) return;
    const check = () => {
      const overflow = frame.scrollWidth - frame.clientWidth;
      // scrollLeft is negative in a right-to-left page: its magnitude is what was scrolled.
      const scrolled = Math.abs(frame.scrollLeft);
      const next = { scrollable: overflow > 1, moreStart: overflow > 1 && scrolled > 1, moreEnd: overflow > 1 && scrolled < overflow - 1 };
      setState((previous) =>
        previous.scrollable === next.scrollable && previous.moreStart === next.moreStart && previous.moreEnd === next.moreEnd
          ? previous
          : next,
      );
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(frame);
    if (frame.firstElementChild) observer.observe(frame.firstElementChild);
    frame.addEventListener('scroll', check, { passive: true });
    return () => {
      observer.disconnect();
      frame.removeEventListener('scroll', check);
    };
  }, [frame]);
  return { ref, ...state };
}

/**
 * The frame of every table that may be wider than the page: it scrolls inside itself (the page
 * never scrolls sideways, even at 390 px: WCAG 1.4.10) and is a keyboard-reachable region named
 * after `label` while it does. While columns are out of view it says so in words above the table
 * and with a shadow on the side that hides them, so no column looks cut off for good.
 * `bare` drops the border (a table that draws its own).
 */
export function ScrollFrame({ label, bare = false, children }: { label: string; bare?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const frame = useScrollableFrame();
  const shadows = `cf-scroll-shadows${frame.moreStart ? ' cf-more-start' : ''}${frame.moreEnd ? ' cf-more-end' : ''}`;
  return (
    <>
      {frame.scrollable ? (
        <p className="cf-scroll-hint">
          <span aria-hidden="true">↔ </span>
          {t('ui.table.scrollHint')}
        </p>
      ) : null}
      <div className={shadows}>
        <div
          className={bare ? 'cf-table-frame cf-table-frame-bare' : 'cf-table-frame'}
          ref={frame.ref}
          {...(frame.scrollable ? { tabIndex: 0, role: 'region', 'aria-label': t('ui.table.scrollable', { caption: label }) } : {})}
        >
          {children}
        </div>
      </div>
    </>
  );
}
