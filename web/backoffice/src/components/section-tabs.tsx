import { Tabs } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';

/** One part of a long record page: its label, how many things it holds (shown beside it), and its content. */
export interface SectionTab {
  value: string;
  label: string;
  /** "3", "2 / 14": read with the label ("Constats (3)"), so the count needs no tab opened. */
  count?: string | number;
  content: ReactNode;
}

/**
 * The parts of a long record page as tabs (an audit's checklist, findings, actions, evidence):
 * one part shown at a time, each tab naming its count. The open tab is in the address (`?tab=`),
 * so a link, a reload or the back button lands on it. Mantine's Tabs give the ARIA tab pattern
 * (arrow keys between tabs, each panel labelled by its tab). On a phone the tabs stay on one
 * line that scrolls sideways (design.css), the open one brought into view.
 */
export function SectionTabs({ label, tabs, param = 'tab' }: { label: string; tabs: readonly SectionTab[]; param?: string }) {
  const [search, setSearch] = useSearchParams();
  const first = tabs[0]?.value ?? '';
  const asked = search.get(param);
  const value = tabs.some((tab) => tab.value === asked) ? (asked as string) : first;
  const list = useRef<HTMLDivElement>(null);
  // A link to the fourth tab on a phone opens with that tab scrolled into the strip; only the
  // strip scrolls (scrollIntoView would move the page too).
  useEffect(() => {
    const strip = list.current;
    const tab = strip?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (!strip || !tab) return;
    const shown = strip.getBoundingClientRect();
    const box = tab.getBoundingClientRect();
    if (box.left < shown.left || box.right > shown.right) strip.scrollLeft += box.left - shown.left - 16;
  }, [value]);
  const choose = (next: string | null) => {
    if (!next) return;
    setSearch(
      (current) => {
        const params = new URLSearchParams(current);
        if (next === first) params.delete(param);
        else params.set(param, next);
        return params;
      },
      { replace: true },
    );
  };
  return (
    <Tabs value={value} onChange={choose} keepMounted={false}>
      <Tabs.List ref={list} aria-label={label} className="cf-section-tabs">
        {tabs.map((tab) => (
          <Tabs.Tab key={tab.value} value={tab.value}>
            {tab.count === undefined ? tab.label : `${tab.label} (${tab.count})`}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((tab) => (
        <Tabs.Panel key={tab.value} value={tab.value} pt="md">
          {tab.content}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
