/**
 * A new default name (Settings) reaches the open rooms at once: a room that still goes by the old
 * default renames (the others see it, as with the room's own "Change your name"); a room where
 * the person chose another name keeps it. Rooms on a host without the `rename` extension, or
 * offline right now, keep the old name until they are joined again.
 */

/** What a room needs for it (a RoomSession). */
export interface NamedRoom {
  /** The name this room asks for. */
  readonly name: string;
  readonly canRename: boolean;
  rename(name: string): Promise<unknown>;
}

/**
 * Renames the rooms that use the old default.
 * @returns the rooms asked to rename (a refusal leaves a room as it was: its name is still valid)
 */
export function applyDefaultName(rooms: readonly NamedRoom[], old: string, name: string): NamedRoom[] {
  if (old === name || old === '') return [];
  const asked = rooms.filter((r) => r.canRename && r.name === old);
  for (const r of asked) r.rename(name).catch(() => {});
  return asked;
}
