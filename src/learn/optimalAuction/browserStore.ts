import { openKvStore, type KvStore } from '../../core/storage/kvStore';

/** The lab's store in this environment: IndexedDB in a worker or page, memory in Node. */
export function environmentKvStore(): KvStore {
  return openKvStore((globalThis as { indexedDB?: IDBFactory }).indexedDB);
}
