import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A frame that scrolls sideways (a wide table on a phone) must be reachable by keyboard to be
 * scrolled (WCAG 2.1.1, axe's scrollable-region-focusable): it becomes a named, focusable region
 * only while it overflows, so wide screens keep one tab stop less.
 */
function useScrollableFrame() {
  const [frame, ref] = useState<HTMLDivElement | null>(null);
  const [scrollable, setScrollable] = useState(false);
  useEffect(() => {
    if (!frame) return;
    const check = () => setScrollable(frame.scrollWidth > frame.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(frame);
    if (frame.firstElementChild) observer.observe(frame.firstElementChild);
    return () => observer.disconnect();
  }, [frame]);
  return { ref, scrollable };
}

/**
 * The frame of every table that may be wider than the page: it scrolls inside itself (the page
 * never scrolls sideways, even at 390 px) and is a keyboard-reachable region named after `label`
 * while it does. `bare` drops the border (a table that draws its own).
 */
export function ScrollFrame({ label, bare = false, children }: { label: string; bare?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const frame = useScrollableFrame();
  return (
    <div
      className={bare ? 'cf-table-frame cf-table-frame-bare' : 'cf-table-frame'}
      ref={frame.ref}
      {...(frame.scrollable ? { tabIndex: 0, role: 'region', 'aria-label': t('ui.table.scrollable', { caption: label }) } : {})}
    >
      {children}
    </div>
  );
}
