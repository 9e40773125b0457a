/** Fills a data folder's rooms with stored messages, as sends would, for history and search tests. */
import { SqliteStore } from '../../src-main/store/sqlite-store.ts';

/** Who the seeded messages are from. */
export const SEEDER = { id: 'm-seedseedseedseed', name: 'Seeder' };

/** Stores `n` messages in `room` of a data folder, texts from `text(i)` (i from 1). */
export async function seed(dataDir: string, room: string, n: number, text = (i: number) => `message ${i}`) {
  const store = new SqliteStore({ dataDir, durability: 'normal', maxMessagesPerRoom: Math.max(n, 10_000) });
  for (let i = 1; i <= n; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(i + 500, n + 1); j++) {
      batch.push({ room, clientId: 'seeder-client', id: `s${j}`, from: SEEDER, text: text(j) });
    }
    await store.append(batch);
  }
  await store.close();
}
