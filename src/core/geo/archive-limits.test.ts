// Issues 20 and 21 item 11: a boundary file that unpacks to gigabytes (a gzip or zip "bomb"), a plain
// file past the limit, and KML entity declarations are refused with a clear message, while memory
// stays bounded. The bombs are made here from 64 MB of zeros, repeated; nothing big is committed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { isBeatwiseError } from '../errors.ts';
import { readBoundaryFile } from './readers.ts';

const scratch = mkdtempSync(join(tmpdir(), 'beatwise-bombs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const MB = 2 ** 20;
const CHUNK = 64 * MB;
const zeros = Buffer.alloc(CHUNK);
/** gzip members can follow one another: `copies` of them unpack to copies × 64 MB. */
const gzipMember = gzipSync(zeros, { level: 9 });
/** A non-final deflate stretch of 64 MB of zeros, to repeat, and the empty final block that ends it. */
const deflateStretch = deflateRawSync(zeros, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
const deflateEnd = Buffer.from([0x03, 0x00]);

/** A zip holding `entries`, each deflated; `claims` overrides the size its directory states. */
function zip(entries: { name: string; copies?: number; data?: Buffer; claims?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    let body: Buffer;
    let size: number;
    let crc = 0;
    if (e.copies) {
      body = Buffer.concat([...Array.from({ length: e.copies }, () => deflateStretch), deflateEnd]);
      size = e.copies * CHUNK;
      for (let i = 0; i < e.copies; i++) crc = crc32(zeros, crc);
    } else {
      const data = e.data ?? Buffer.alloc(0);
      body = deflateRawSync(data);
      size = data.length;
      crc = crc32(data);
    }
    const stated = e.claims ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(stated, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(stated, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function scratchFile(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/** Peak resident memory so far, in MB (the process's high-water mark). */
const peakMb = () => process.resourceUsage().maxRSS / 1024;

async function refused(read: Promise<unknown>, code: string, says: RegExp): Promise<void> {
  await assert.rejects(read, (e: unknown) => {
    assert.ok(isBeatwiseError(e), `expected a BeatwiseError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, says);
    return true;
  });
}

describe('archives that unpack past the limit are refused, in bounded memory', () => {
  test('a .geojson.gz that unpacks to 1 GB', async () => {
    const path = scratchFile('bomb.geojson.gz', Buffer.concat(Array.from({ length: 16 }, () => gzipMember)));
    const before = peakMb();
    await refused(
      readBoundaryFile(path, { maxBytes: 32 * MB }),
      'file_too_large',
      /unpacks to more than .*\(32 MB, BEATWISE_MAX_INFLATE_MB\)\. Split it/,
    );
    const grew = peakMb() - before;
    process.stdout.write(`# 1 GB gzip bomb refused; peak RSS grew ${Math.round(grew)} MB\n`);
    assert.ok(grew < 200, `peak resident memory grew by ${Math.round(grew)} MB`);
  });

  test('the limit comes from BEATWISE_MAX_INFLATE_MB', async () => {
    const path = scratchFile('bomb2.json.gz', Buffer.concat([gzipMember, gzipMember]));
    process.env.BEATWISE_MAX_INFLATE_MB = '16';
    try {
      await refused(readBoundaryFile(path), 'file_too_large', /\(16 MB, BEATWISE_MAX_INFLATE_MB\)/);
    } finally {
      delete process.env.BEATWISE_MAX_INFLATE_MB;
    }
  });

  test('a zipped Shapefile that unpacks to 1 GB, stated honestly or understated', async () => {
    const dbf = { name: 'bomb.dbf', data: Buffer.alloc(100) };
    const honest = scratchFile('bomb.zip', zip([{ name: 'bomb.shp', copies: 16 }, dbf]));
    const before = peakMb();
    await refused(
      readBoundaryFile(honest, { maxBytes: 32 * MB }),
      'file_too_large',
      /Shapefile \(bomb\.shp, bomb\.dbf\) unpacks to more than/,
    );
    // The directory says 1 KB; the bytes are counted as they are unpacked.
    const lying = scratchFile('lying.zip', zip([{ name: 'bomb.shp', copies: 16, claims: 1024 }, dbf]));
    const started = performance.now();
    await refused(readBoundaryFile(lying, { maxBytes: 32 * MB }), 'file_too_large', /unpacks to more than/);
    const ms = performance.now() - started;
    assert.ok(ms < 10_000, `stopped after ${Math.round(ms)} ms, not after unpacking it all`);
    const grew = peakMb() - before;
    process.stdout.write(
      `# 1 GB zip bombs refused (understated one in ${Math.round(ms)} ms); peak RSS grew ${Math.round(grew)} MB\n`,
    );
    assert.ok(grew < 200, `peak resident memory grew by ${Math.round(grew)} MB`);
  });

  test('a plain file past the limit is not read at all', async () => {
    const path = scratchFile('big.geojson', Buffer.alloc(2 * MB, 0x20));
    await refused(
      readBoundaryFile(path, { maxBytes: MB }),
      'file_too_large',
      /The file is 2 MB to more than/,
    );
  });
});

test('KML with a DOCTYPE or ENTITY declaration (billion laughs) is refused', async () => {
  const laughs = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE kml [',
    '  <!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
    ']>',
    '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&lol9;</name></Placemark></Document></kml>',
  ].join('\n');
  await refused(
    readBoundaryFile(scratchFile('laughs.kml', laughs)),
    'xml_declarations',
    /<!DOCTYPE> declaration.*does not read them/,
  );
  const entityOnly = '<kml><!ENTITY x "y"><Document/></kml>';
  await refused(readBoundaryFile(scratchFile('entity.kml', entityOnly)), 'xml_declarations', /<!ENTITY>/);
});
