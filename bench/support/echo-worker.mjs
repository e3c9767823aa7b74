// A piscina task that does no work: what the pool itself costs per call (bench/pool-overhead.ts).
export default function echo(body) {
  return body.byteLength;
}
