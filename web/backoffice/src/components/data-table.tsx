import { Group, Pagination, Table, Text, UnstyledButton } from '@mantine/core';
import { useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ScrollFrame } from './scroll-frame.tsx';

/** A sortable value: strings compare in the user's language, dates and numbers by value. */
export type SortValue = string | number | Date | null | undefined;

/** One column of a {@link DataTable}. */
export interface DataColumn<Row> {
  /** Stable id of the column (the sort key handed to `onSortChange`). */
  key: string;
  /** Visible header text (also the sort button's name). */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Makes the column sortable: the value rows are compared by (client-side sorting). */
  sortValue?: (row: Row) => SortValue;
  /** Server-side sorting: the column is sortable though the rows are sorted by the server. */
  sortable?: boolean;
  /** Numbers and dates read better aligned to the end. */
  align?: 'start' | 'end';
  /** Cell text on one line (dates, references); long text wraps otherwise. */
  nowrap?: boolean;
}

/** Which column the rows are sorted by, and in which direction. */
export interface SortState {
  key: string;
  direction: 'ascending' | 'descending';
}

/** Props of {@link DataTable}. */
export interface DataTableProps<Row> {
  /** Names the table for assistive technology (a caption, visually hidden unless `showCaption`). */
  caption: string;
  showCaption?: boolean;
  columns: DataColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /**
   * Where a row leads (the record's page): the first cell becomes a link, a click anywhere on the
   * row follows it, and ArrowUp/ArrowDown move between rows' links.
   */
  rowHref?: (row: Row) => string;
  /** Buttons of a row, in a last column that never wraps and never gets clipped. */
  actions?: (row: Row) => ReactNode;
  actionsHeader?: string;
  /** Keeps the first column in view while the table scrolls sideways (wide tables on phones). */
  stickyFirstColumn?: boolean;
  /**
   * On a phone (36em and narrower): `cards` shows each row as a card of "header: value" lines, so
   * every column is read without scrolling sideways; `scroll` keeps the grid, which scrolls inside
   * its frame (for tables read by comparing rows). By default a table of more than three columns
   * becomes cards: at 390 px the frame showed one or two of them.
   */
  narrow?: 'cards' | 'scroll';
  /** Rows per page; with no `pagination` the table pages its `rows` itself. */
  pageSize?: number;
  /** Server-side paging: the page shown (1-based), the total of rows, and the change handler. */
  pagination?: { page: number; total: number; onChange: (page: number) => void };
  /** Initial sort (client-side), or the server's sort when `onSortChange` is given. */
  sort?: SortState;
  onSortChange?: (sort: SortState) => void;
  /** Shown instead of the table when there are no rows (an {@link EmptyState}). */
  empty?: ReactNode;
}

function compare(a: SortValue, b: SortValue, collator: Intl.Collator): number {
  if (a == null || a === '') return b == null || b === '' ? 0 : 1;
  if (b == null || b === '') return -1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * The table of every list in the back office (queues, users, tokens, audit events, registers):
 * dense rows, sortable headers announcing their order (aria-sort), pagination, rows that lead to
 * their record by mouse or keyboard, an action column that stays reachable (the table scrolls
 * inside its frame instead of pushing the page wider). Sorting and paging happen in the browser
 * for short lists; give `pagination` and `onSortChange` when the server pages and sorts.
 */
export function DataTable<Row>({
  caption,
  showCaption = false,
  columns,
  rows,
  rowKey,
  rowHref,
  actions,
  actionsHeader,
  stickyFirstColumn = false,
  narrow,
  pageSize = 25,
  pagination,
  sort: initialSort,
  onSortChange,
  empty,
}: DataTableProps<Row>) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [localSort, setLocalSort] = useState<SortState | undefined>(initialSort);
  const [localPage, setLocalPage] = useState(1);
  const sort = onSortChange ? initialSort : localSort;

  if (rows.length === 0 && empty) return <>{empty}</>;

  let shown = [...rows];
  const sortColumn = columns.find((c) => c.key === sort?.key);
  if (!onSortChange && sort && sortColumn?.sortValue) {
    const collator = new Intl.Collator(i18n.language, { numeric: true, sensitivity: 'base' });
    const value = sortColumn.sortValue;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    shown.sort((a, b) => sign * compare(value(a), value(b), collator));
  }
  const total = pagination?.total ?? rows.length;
  const page = pagination?.page ?? localPage;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (!pagination) shown = shown.slice((page - 1) * pageSize, page * pageSize);

  const toggleSort = (key: string) => {
    const next: SortState = { key, direction: sort?.key === key && sort.direction === 'ascending' ? 'descending' : 'ascending' };
    if (onSortChange) onSortChange(next);
    else {
      setLocalSort(next);
      setLocalPage(1);
    }
  };

  // Arrow keys walk the rows' links, as in a list; Tab still goes through every control.
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (!rowHref || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a[data-row-link]')];
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (index < 0) return;
    const next = links[index + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  // A click on the row's empty space opens the record; clicks on its own controls do their own thing.
  const onRowClick = (event: MouseEvent<HTMLTableRowElement>, href: string) => {
    if ((event.target as HTMLElement).closest('a, button, input, select, textarea, label')) return;
    if (window.getSelection()?.toString()) return;
    void navigate(href);
  };

  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const cards = (narrow ?? (columns.length + (actions ? 1 : 0) > 3 ? 'cards' : 'scroll')) === 'cards';
  const anySortable = columns.some((c) => Boolean(c.sortValue) || c.sortable);
  const tableClass = [stickyFirstColumn ? 'cf-table-sticky' : '', cards ? 'cf-table-cards' : ''].filter(Boolean).join(' ') || undefined;
  // As cards, a cell's content sits beside its column's name (data-label, drawn by design.css):
  // one box, so a badge and its text stay together in the value's column.
  const cellValue = (content: ReactNode) => (cards ? <div className="cf-cell-value">{content}</div> : content);
  // Cards change the boxes of the table's elements, which some browsers take as no longer a
  // table for assistive technology: the roles are then said explicitly.
  const role = (name: string) => (cards ? { role: name } : {});

  return (
    <div>
      <ScrollFrame label={caption}>
        <Table className={tableClass} captionSide="top" {...role('table')}>
          <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
          <Table.Thead className={cards && !anySortable ? 'cf-thead-unsortable' : undefined} {...role('rowgroup')}>
            <Table.Tr data-sort-label={cards && anySortable ? t('ui.table.sortCards') : undefined} {...role('row')}>
              {columns.map((column) => {
                const sortable = Boolean(column.sortValue) || column.sortable;
                const active = sort?.key === column.key;
                return (
                  <Table.Th
                    key={column.key}
                    scope="col"
                    ta={column.align === 'end' ? 'end' : undefined}
                    aria-sort={active ? sort?.direction : undefined}
                    data-sortable={sortable ? '' : undefined}
                    {...role('columnheader')}
                  >
                    {sortable ? (
                      <UnstyledButton
                        className="cf-sort-button"
                        onClick={() => toggleSort(column.key)}
                        title={t('ui.table.sortBy', { column: column.header })}
                      >
                        {column.header}
                        <span aria-hidden="true">{active ? (sort?.direction === 'ascending' ? '▲' : '▼') : '↕'}</span>
                      </UnstyledButton>
                    ) : (
                      column.header
                    )}
                  </Table.Th>
                );
              })}
              {actions ? (
                <Table.Th scope="col" className="cf-table-actions" {...role('columnheader')}>
                  {actionsHeader ?? <span className="visually-hidden">{t('ui.table.actions')}</span>}
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody onKeyDown={onKeyDown} {...role('rowgroup')}>
            {shown.length === 0 ? (
              <Table.Tr {...role('row')}>
                <Table.Td colSpan={columns.length + (actions ? 1 : 0)} {...role('cell')}>
                  <Text size="sm" c="dimmed">
                    {t('ui.table.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : null}
            {shown.map((row) => {
              const href = rowHref?.(row);
              return (
                <Table.Tr
                  key={rowKey(row)}
                  className={href ? 'cf-row-link' : undefined}
                  onClick={href ? (event) => onRowClick(event, href) : undefined}
                  {...role('row')}
                >
                  {columns.map((column, index) => {
                    const content = column.cell(row);
                    const align = column.align === 'end' ? 'end' : undefined;
                    // A class, not an inline style: design.css also keeps a badge whole in it, and cards undo it.
                    const wrap = column.nowrap ? 'cf-cell-nowrap' : undefined;
                    if (index === 0) {
                      return (
                        <Table.Th
                          key={column.key}
                          scope="row"
                          fw="normal"
                          ta={align}
                          className={wrap}
                          data-label={cards ? column.header : undefined}
                          {...role('rowheader')}
                        >
                          {cellValue(
                            href ? (
                              <Link to={href} data-row-link="">
                                {content}
                              </Link>
                            ) : (
                              content
                            ),
                          )}
                        </Table.Th>
                      );
                    }
                    return (
                      <Table.Td
                        key={column.key}
                        ta={align}
                        className={wrap}
                        data-label={cards ? column.header : undefined}
                        {...role('cell')}
                      >
                        {cellValue(content)}
                      </Table.Td>
                    );
                  })}
                  {actions ? (
                    <Table.Td className="cf-table-actions" data-label={cards && actionsHeader ? actionsHeader : undefined} {...role('cell')}>
                      {cellValue(actions(row))}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollFrame>
      {pages > 1 ? (
        <Group justify="space-between" mt="xs" gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('ui.table.range', { from, to, count: total })}
          </Text>
          <nav aria-label={t('ui.table.pagination')}>
            <Pagination
              size="sm"
              total={pages}
              value={page}
              onChange={pagination ? pagination.onChange : setLocalPage}
              getItemProps={(item) => ({ 'aria-label': t('ui.table.page', { page: item }) })}
              getControlProps={(control) =>
                control === 'previous'
                  ? { 'aria-label': t('ui.table.previousPage') }
                  : control === 'next'
                    ? { 'aria-label': t('ui.table.nextPage') }
                    : {}
              }
            />
          </nav>
        </Group>
      ) : null}
    </div>
  );
}
