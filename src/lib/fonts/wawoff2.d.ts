// wawoff2 ships no types; the one function src/lib/fonts/fallback.ts uses.
declare module 'wawoff2' {
  const wawoff2: { decompress(data: Uint8Array): Promise<Uint8Array> };
  export default wawoff2;
}
