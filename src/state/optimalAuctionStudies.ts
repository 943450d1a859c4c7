import { readStudyRecord, studyKey, type StudyRecord } from '../core/labs/optimalAuction/study';
import type { OptimalAuctionConfig } from '../core/labs/optimalAuction/schema';
import { openKvStore, type KvStore } from '../core/storage/kvStore';

let store: KvStore | null = null;

/**
 * The saved tuning study of a config and seed (the record the study workers keep in IndexedDB), or undefined
 * when there is none (or no IndexedDB). Lets the optimal-auction view show a study before any run, e.g. after
 * the tab was closed, so the user can add trials to it.
 */
export async function loadSavedStudy(config: OptimalAuctionConfig, seed: number): Promise<StudyRecord | undefined> {
  store ??= openKvStore((globalThis as { indexedDB?: IDBFactory }).indexedDB);
  return store.get(`study|${studyKey(config, seed)}`, readStudyRecord);
}
