/** Reads a byte stream up to `limit` bytes, cancelling it beyond that so nothing larger is buffered. */
export async function readCapped(stream: ReadableStream<Uint8Array>, limit: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks), truncated: false };
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { bytes: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(value);
  }
}
