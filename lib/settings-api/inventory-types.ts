// The storage-change confirmation's inventory, as the inventory route answers it (shared with the browser).

export interface InventoryRow {
  id: string;
  name: string;
  objects: number;
  bytes: number;
  size: string;
}

export interface InventoryBody {
  /** The storage in force, as the CLI names it (no secret). */
  storage: string;
  ecosystems: InventoryRow[];
  total: { objects: number; bytes: number; size: string };
}
