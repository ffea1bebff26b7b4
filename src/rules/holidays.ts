/**
 * French public holidays ("jours fériés") for any Gregorian year.
 *
 * Source: Code du travail, art. L3133-1, which lists the legal public holidays:
 *   1er janvier, lundi de Pâques, 1er mai, 8 mai, Ascension, lundi de Pentecôte, 14 juillet,
 *   Assomption (15 août), Toussaint (1er novembre), 11 novembre, jour de Noël (25 décembre).
 * Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle): Code du travail, art. L3134-13 adds
 *   Good Friday ("Vendredi saint", legally only in communes with a Protestant temple or a mixed
 *   church; applied here to the whole territory, as is common practice) and 26 December
 *   ("second jour de Noël").
 *
 * Scope notes (why these are not modelled):
 * - The list is the one in force since 1982 (8 May was restored by loi 81-893 of 2 Oct. 1981);
 *   earlier years are computed with the same list.
 * - Whit Monday stays a public holiday in law even where it is used as the "journée de
 *   solidarité" (C. trav. L3133-7 ff.), so it is not a working day for deadline purposes.
 * - Overseas departments have extra local holidays (abolition of slavery, e.g. 27 May in
 *   Guadeloupe, 22 May in Martinique; loi 83-550 and décret 83-1003) that are not included.
 */
import { epochDayFromParts, formatLocalDate, parseLocalDate, partsFromEpochDay, MAX_YEAR, MIN_YEAR } from './local-date.ts';
import type { LocalDate } from './local-date.ts';

/** Options for the holiday calendar. */
export interface HolidayOptions {
  /** Add the Alsace-Moselle holidays (Good Friday, 26 December; C. trav. L3134-13). */
  readonly alsaceMoselle?: boolean;
}

/** Stable identifier of a public holiday. */
export type HolidayKey =
  | 'new-year'
  | 'good-friday'
  | 'easter-monday'
  | 'labour-day'
  | 'victory-1945'
  | 'ascension'
  | 'whit-monday'
  | 'bastille-day'
  | 'assumption'
  | 'all-saints'
  | 'armistice-1918'
  | 'christmas'
  | 'st-stephen';

/** One public holiday of a given year. */
export interface PublicHoliday {
  readonly date: LocalDate;
  readonly key: HolidayKey;
  /** French legal name, as in the Code du travail. */
  readonly name: string;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year ${year} out of the supported range ${MIN_YEAR}-${MAX_YEAR}`);
  }
}

/** Month (3 or 4) and day of Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
function easterParts(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return { month: Math.floor(n / 31), day: (n % 31) + 1 };
}

/**
 * Easter Sunday of `year` (Gregorian, anonymous computus). Easter itself is a Sunday, hence
 * not listed by L3133-1; it anchors Easter Monday (+1), Ascension (+39), Whit Monday (+50)
 * and, in Alsace-Moselle, Good Friday (-2).
 */
export function easterSunday(year: number): LocalDate {
  assertYear(year);
  const { month, day } = easterParts(year);
  return formatLocalDate(year, month, day);
}

interface HolidayDay {
  readonly epochDay: number;
  readonly key: HolidayKey;
  readonly name: string;
}

function computeHolidays(year: number, alsaceMoselle: boolean): HolidayDay[] {
  const fixed = (month: number, day: number, key: HolidayKey, name: string): HolidayDay => ({
    epochDay: epochDayFromParts(year, month, day),
    key,
    name,
  });
  const { month: em, day: ed } = easterParts(year);
  const easter = epochDayFromParts(year, em, ed);
  const movable = (offset: number, key: HolidayKey, name: string): HolidayDay => ({ epochDay: easter + offset, key, name });

  // C. trav. L3133-1.
  const days: HolidayDay[] = [
    fixed(1, 1, 'new-year', '1er janvier'),
    movable(1, 'easter-monday', 'Lundi de Pâques'),
    fixed(5, 1, 'labour-day', '1er mai'),
    fixed(5, 8, 'victory-1945', '8 mai'),
    movable(39, 'ascension', 'Ascension'),
    movable(50, 'whit-monday', 'Lundi de Pentecôte'),
    fixed(7, 14, 'bastille-day', '14 juillet'),
    fixed(8, 15, 'assumption', 'Assomption'),
    fixed(11, 1, 'all-saints', 'Toussaint'),
    fixed(11, 11, 'armistice-1918', '11 novembre'),
    fixed(12, 25, 'christmas', 'Jour de Noël'),
  ];
  if (alsaceMoselle) {
    // C. trav. L3134-13 (Alsace-Moselle local law).
    days.push(movable(-2, 'good-friday', 'Vendredi saint'), fixed(12, 26, 'st-stephen', 'Second jour de Noël'));
  }
  // Ascension can fall on 1 or 8 May (e.g. 2008: 1 May); keep one entry per day.
  const byDay = new Map<number, HolidayDay>();
  for (const h of days) if (!byDay.has(h.epochDay)) byDay.set(h.epochDay, h);
  return [...byDay.values()].sort((x, y) => x.epochDay - y.epochDay);
}

// Cache per (year, option): deadline batches ask the same few years over and over.
const holidayCache = new Map<string, { readonly list: readonly HolidayDay[]; readonly set: ReadonlySet<number> }>();

function cached(year: number, options: HolidayOptions | undefined): { readonly list: readonly HolidayDay[]; readonly set: ReadonlySet<number> } {
  const alsace = options?.alsaceMoselle === true;
  const key = alsace ? `${year}a` : `${year}`;
  let entry = holidayCache.get(key);
  if (entry === undefined) {
    const list = computeHolidays(year, alsace);
    entry = { list, set: new Set(list.map((h) => h.epochDay)) };
    holidayCache.set(key, entry);
  }
  return entry;
}

/** The French public holidays of `year`, in date order (L3133-1; L3134-13 with `alsaceMoselle`). */
export function frenchPublicHolidays(year: number, options?: HolidayOptions): readonly PublicHoliday[] {
  assertYear(year);
  return cached(year, options).list.map((h) => {
    const p = partsFromEpochDay(h.epochDay);
    return { date: formatLocalDate(p.year, p.month, p.day), key: h.key, name: h.name };
  });
}

/**
 * Public holidays of `year` as a cached set of epoch days (days since 1970-01-01).
 * Fast path for the calendar functions; the set must not be mutated.
 */
export function holidayEpochDays(year: number, options?: HolidayOptions): ReadonlySet<number> {
  assertYear(year);
  return cached(year, options).set;
}

/** True when `date` is a French public holiday (whatever its day of week). */
export function isFrenchPublicHoliday(date: LocalDate, options?: HolidayOptions): boolean {
  const { year, month, day } = parseLocalDate(date);
  return cached(year, options).set.has(epochDayFromParts(year, month, day));
}
