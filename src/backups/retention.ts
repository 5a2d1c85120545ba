// Which backups a retention policy keeps, like restic's forget: --keep-last N newest, plus the
// newest of each of the last N days and of the last N ISO weeks that have a backup.

export interface RetentionPolicy {
  readonly keepLast?: number;
  readonly keepDaily?: number;
  readonly keepWeekly?: number;
}

export interface Dated {
  readonly id: string;
  readonly createdAt: Date;
}

/** ISO week key (e.g. 2026-W48) of a local date. */
function isoWeek(date: Date): string {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  const day = (d.getDay() + 6) % 7;
  d.setDate(d.getDate() - day + 3);
  const firstThursday = new Date(d.getFullYear(), 0, 4);
  const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getDay() + 6) % 7)) / 7);
  return `${d.getFullYear()}-W${String(week).padStart(2, "0")}`;
}

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/** For each kept backup, why (e.g. "last 3", "daily 2026-11-25"); the rest are not kept. */
export function retained(backups: readonly Dated[], policy: RetentionPolicy): Map<string, string[]> {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const reasons = new Map<string, string[]>();
  const keep = (id: string, reason: string) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  newestFirst.slice(0, policy.keepLast ?? 0).forEach((b) => keep(b.id, `last ${policy.keepLast}`));
  const bucket = (limit: number | undefined, key: (d: Date) => string, label: string) => {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      if (seen.size >= (limit ?? 0)) break;
      const k = key(b.createdAt);
      if (!seen.has(k)) {
        seen.add(k);
        keep(b.id, `${label} ${k}`);
      }
    }
  };
  bucket(policy.keepDaily, dayKey, "daily");
  bucket(policy.keepWeekly, isoWeek, "weekly");
  return reasons;
}
