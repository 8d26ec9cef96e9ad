/**
 * Dates in a time zone without a date library: Intl knows every zone's offsets, which is all that
 * converting a local release date to an instant (and back, for RFC 822) needs.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A parsed front matter date: the text as written and the instant it denotes. */
export interface ReleaseDate {
  /** As written in the front matter. */
  text: string;
  /** Milliseconds since the epoch. */
  instant: number;
  /** True when only a calendar day was given. */
  dateOnly: boolean;
  /** The calendar day in the configured zone, `YYYY-MM-DD`. */
  day: string;
}

/**
 * Parses an ISO 8601 date (`2018-03-16`) or date-time (`2018-03-16T10:00`, with or without an
 * offset). Without an offset the time is local to `timeZone`. Returns undefined when invalid,
 * including impossible days such as 2018-02-30.
 */
export function parseReleaseDate(text: string, timeZone: string): ReleaseDate | undefined {
  const parsed = parseInstant(text, timeZone);
  return parsed && { text, instant: parsed.instant, dateOnly: parsed.dateOnly, day: calendarDay(parsed.instant, timeZone) };
}

/**
 * The instant of an ISO 8601 date or date-time, by the rules of {@link parseReleaseDate}, without
 * the calendar day (which needs an Intl formatter: ~40 ms to make the first one, too much for
 * `--now` on the no-change path).
 */
export function parseInstant(text: string, timeZone: string): { instant: number; dateOnly: boolean } | undefined {
  const dateOnly = ISO_DATE.exec(text);
  const match = dateOnly ?? ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? 0)) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  // Date.UTC reads years 0–99 as 1900–1999: such a year is refused, not moved.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  const offsetText = dateOnly ? undefined : match[7];
  // Offsets in use run from -12:00 to +14:00; +25:00 is a typo, not a moment.
  if (offsetText && offsetText !== 'Z' && (Number(offsetText.slice(1, 3)) > 14 || Number(offsetText.replace(':', '').slice(3, 5)) > 59)) return undefined;
  let instant: number;
  if (offsetText) {
    const utc = Date.UTC(year, month - 1, day, hour, minute, second);
    if (offsetText === 'Z') instant = utc;
    else {
      const sign = offsetText.startsWith('-') ? -1 : 1;
      const digits = offsetText.slice(1).replace(':', '');
      instant = utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
  } else if (timeZone === 'UTC') {
    instant = Date.UTC(year, month - 1, day, hour, minute, second);
  } else {
    instant = zonedToInstant(year, month, day, hour, minute, second, timeZone);
  }
  return { instant, dateOnly: Boolean(dateOnly) };
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Europe/Berlin in March: 60). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  const parts = zoneParts(instant, timeZone);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The wall-clock fields of `instant` in `timeZone`. */
export function zoneParts(
  instant: number,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const weekdayName = parts.find((p) => p.type === 'weekday')?.value ?? 'Sun';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekdayName),
  };
}

/** `YYYY-MM-DD` of `instant` in `timeZone`. */
export function calendarDay(instant: number, timeZone: string): string {
  const p = zoneParts(instant, timeZone);
  return `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
}

/**
 * RFC 822 date as RSS 2.0 wants it, with English names whatever the feed's language and the
 * offset of the configured zone: `Fri, 16 Mar 2018 00:00:00 +0100`.
 */
export function formatRfc822(instant: number, timeZone: string): string {
  const { fields: p, offset } = offsetFields(instant, timeZone);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[p.getUTCDay()]}, ${pad(p.getUTCDate())} ${months[p.getUTCMonth()]} ${year4(p)} ${pad(p.getUTCHours())}:${pad(p.getUTCMinutes())}:${pad(p.getUTCSeconds())} ${offset.replace(':', '')}`;
}

/** RFC 3339 date-time with the zone's offset, as Atom and JSON Feed want it. */
export function formatRfc3339(instant: number, timeZone: string): string {
  const { fields: p, offset } = offsetFields(instant, timeZone);
  return `${year4(p)}-${pad(p.getUTCMonth() + 1)}-${pad(p.getUTCDate())}T${pad(p.getUTCHours())}:${pad(p.getUTCMinutes())}:${pad(p.getUTCSeconds())}${offset}`;
}

/**
 * The zone's offset at `instant` in whole minutes (`+01:00`), and the wall-clock fields that
 * offset gives (read with the UTC getters). The fields are computed from the offset rather than
 * taken from Intl, so that the two always denote `instant`: before standard time a zone's offset
 * can have seconds (Berlin's local mean time, +00:53:28, until 1893), which RFC 822 and RFC 3339
 * cannot write, and Intl's fields with the offset cut to minutes named another moment.
 * {@link parseInstant} reads local times with the same whole-minute offset, so a release dated
 * 1890-01-01 is written as midnight.
 */
function offsetFields(instant: number, timeZone: string): { fields: Date; offset: string } {
  const minutes = zoneOffsetMinutes(instant, timeZone);
  const abs = Math.abs(minutes);
  return { fields: new Date(instant + minutes * 60_000), offset: `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}` };
}

/** The year in four digits, as RFC 822 (as the feed validator reads it) and RFC 3339 require: 0999, not 999. */
function year4(date: Date): string {
  return String(date.getUTCFullYear()).padStart(4, '0');
}

function zonedToInstant(
  year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // The offsets in force a day before and a day after (no zone changes its offset twice within
  // two days); a candidate is valid when the zone really has that offset at that instant.
  // Resolved as JavaScript's Temporal does by default ('compatible'): a wall time that occurs
  // twice (clocks going back) is its first occurrence; one that does not occur (clocks going
  // forward: 02:30 in New York on 10 March 2024, midnight in Santiago on 8 September 2024) is
  // moved forward by the length of the gap (03:30, 01:00) — never to an instant before it, which
  // would lift an embargo early or date a release the day before.
  const before = zoneOffsetMinutes(wall - DAY_MS, timeZone);
  const after = zoneOffsetMinutes(wall + DAY_MS, timeZone);
  const valid = [before, after]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => zoneOffsetMinutes(instant, timeZone) * 60_000 === wall - instant);
  if (valid.length > 0) return Math.min(...valid);
  return wall - before * 60_000;
}

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Whether Intl knows `value` as a time zone (an IANA name such as Europe/Berlin, or UTC). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
