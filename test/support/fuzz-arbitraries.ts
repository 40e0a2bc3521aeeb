/**
 * fast-check arbitraries for the hostile-input fuzz (test/e2e/fuzz.e2e-spec.ts): JSON built as
 * text (so that `__proto__` keys, duplicate keys, numbers past 2^53 written as digits and lone
 * surrogate escapes survive, which `JSON.stringify` would drop or round), broken JSON, deep
 * nesting, huge strings, mutated realistic payloads, hostile headers, path ids and query strings.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// JSON as a tree of text: rendering never goes through JSON.stringify of an object.

export type Json =
  { kind: 'raw'; text: string } | { kind: 'array'; items: Json[] } | { kind: 'object'; entries: [string, Json][] };

const raw = (text: string): Json => ({ kind: 'raw', text });

/** The JSON text of a tree; keys and strings are escaped with JSON.stringify (lone surrogates → `\udXXX`). */
export function render(json: Json): string {
  switch (json.kind) {
    case 'raw':
      return json.text;
    case 'array':
      return `[${json.items.map(render).join(',')}]`;
    case 'object':
      return `{${json.entries.map(([key, value]) => `${JSON.stringify(key)}:${render(value)}`).join(',')}}`;
  }
}

/** A plain JS value as a tree. */
export function toJson(value: unknown): Json {
  if (Array.isArray(value)) return { kind: 'array', items: value.map(toJson) };
  if (typeof value === 'object' && value !== null) {
    return { kind: 'object', entries: Object.entries(value).map(([key, item]) => [key, toJson(item)]) };
  }
  return raw(JSON.stringify(value) ?? 'null');
}

function clone(json: Json): Json {
  if (json.kind === 'raw') return json;
  if (json.kind === 'array') return { kind: 'array', items: json.items.map(clone) };
  return { kind: 'object', entries: json.entries.map(([key, value]) => [key, clone(value)]) };
}

/** Sets (or adds) `key` of an object tree, keeping the other entries. */
export function withEntry(json: Json, key: string, value: Json): Json {
  if (json.kind !== 'object') return json;
  const entries = json.entries.filter(([name]) => name !== key);
  return { kind: 'object', entries: [[key, value], ...entries] };
}

// ---------------------------------------------------------------------------------------------
// Scalars

/** Strings that have broken services before: NUL, lone surrogates, BOM, RTL override, injection text… */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \t\n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ude00y',
  '\uffff',
  '\ufffe',
  '\ufeff',
  '\u202e',
  '\u2028',
  '\u0085',
  '💩',
  '🏳️‍🌈',
  'é',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "'; DROP TABLE candidates; --",
  "' OR '1'='1",
  '%',
  '%00',
  '%s%s%s%n',
  '\\',
  '\\u0000',
  '"',
  '\r\n',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '../../../../etc/passwd',
  'call_',
  'call_abc123xyz789',
  'Interview Scheduled',
  'Not Interested',
  '2025-10-08T15:00:00-04:00',
  '2025-02-30T25:61:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '3:00 PM',
  'Eastern Time (ET)',
  'America/New_York',
  'Mars/Olympus_Mons',
  '+14155550199',
  '(415) 555-0199',
  '+999999999999999999999',
  'ended',
  'registered',
  'ongoing',
  'manual',
  'sync',
  'call_analyzed',
  'a'.repeat(101),
  'a'.repeat(201),
  'a'.repeat(2001),
];

/** Any UTF-16 code unit, lone surrogates and U+0000 included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 20 }) },
);

/** Numbers written as JSON text: past 2^53, past the double range, -0, denormals, 400 digits. */
export const NUMBER_TEXTS: readonly string[] = [
  '0',
  '-0',
  '-0.0',
  '1',
  '-1',
  '0.5',
  '1.0',
  '1E2',
  '1e+2',
  '5e-324',
  '1e-400',
  '1e308',
  '-1e308',
  '1.7976931348623157e308',
  '1e309',
  '-1e309',
  '1e400',
  '1e100000',
  '1e1000000',
  '2147483647',
  '2147483648',
  '-2147483649',
  '4294967296',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '123456789012345678901234567890',
  `1${'0'.repeat(400)}`,
  `0.${'0'.repeat(400)}1`,
  '1704067200000',
  '600000',
];

export const numberText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBER_TEXTS) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)) },
);

/** Keys that try prototype pollution, keys of the real DTOs, and random keys. */
export const PROTO_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__lookupGetter__',
  'toString',
  'valueOf',
  'hasOwnProperty',
];
const FIELD_KEYS: readonly string[] = [
  'event',
  'call',
  'call_id',
  'call_status',
  'call_type',
  'call_analysis',
  'custom_analysis_data',
  'metadata',
  'candidate_id',
  'transcript',
  'transcript_object',
  'duration_ms',
  'start_timestamp',
  'end_timestamp',
  'interview_scheduled',
  'scheduled_datetime_iso',
  'first_name',
  'last_name',
  'email',
  'phone',
  'status',
  'do_not_call',
  'timezone',
  'id',
  'retell_call_id',
  'agent_id',
  'agent_version',
  'dynamic_variables',
];

export const jsonKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...FIELD_KEYS) },
  { weight: 2, arbitrary: nastyString },
);

/** Deep nesting as text: `[[[…]]]`, `{"a":{"a":…}}` or both interleaved, 1,000 levels and more. */
export const deepText = (maxDepth = 100_000): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 1_000, max: maxDepth }), fc.constantFrom('array', 'object', 'mixed'))
    .map(([depth, shape]) =>
      shape === 'array'
        ? '['.repeat(depth) + ']'.repeat(depth)
        : shape === 'object'
          ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
          : '[{"a":'.repeat(depth) + 'null' + '}]'.repeat(depth),
    );

const scalar: fc.Arbitrary<Json> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('null', 'true', 'false').map(raw) },
  { weight: 3, arbitrary: numberText.map(raw) },
  { weight: 4, arbitrary: nastyString.map((text) => raw(JSON.stringify(text))) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('[]', '{}', '[[[[[[[[[[]]]]]]]]]]', '{"__proto__":{"polluted":true}}').map(raw),
  },
);

/** Any JSON value as a tree, keys may repeat or be `__proto__`. */
export const jsonTree: fc.Arbitrary<Json> = fc.letrec<{ value: Json; array: Json; object: Json }>((tie) => ({
  value: fc.oneof({ maxDepth: 4, depthSize: 'small' }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }).map((items): Json => ({ kind: 'array', items })),
  object: fc
    .array(fc.tuple(jsonKey, tie('value')), { maxLength: 6 })
    .map((entries): Json => ({ kind: 'object', entries })),
})).value;

/** Objects that try prototype pollution through `__proto__`, `constructor.prototype`, duplicate keys. */
export const pollutionTree: fc.Arbitrary<Json> = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), jsonTree, fc.boolean())
  .map(([key, value, nested]): Json => ({
    kind: 'object',
    entries: [
      [key, nested ? { kind: 'object', entries: [['prototype', value]] } : value],
      ['__proto__', raw('{"polluted":"yes","status":"hired","isAdmin":true}')],
      ['constructor', raw('{"prototype":{"polluted":"yes"}}')],
    ],
  }));

// ---------------------------------------------------------------------------------------------
// Mutating a realistic payload

export interface Mutation {
  op: 'replace' | 'delete' | 'add' | 'duplicate-key' | 'wrap';
  pick: number;
  key: string;
  value: Json;
}

/** The wrong type in a field: null, a boolean, an empty string or container, an extreme number. */
export const typeConfusion: fc.Arbitrary<Json> = fc
  .constantFrom(
    'null',
    'true',
    'false',
    '0',
    '-1',
    '""',
    '" "',
    '[]',
    '{}',
    '[null]',
    '"null"',
    '"true"',
    '1e309',
    '9007199254740993',
    '-9007199254740993',
    '"\\ud800"',
    '"\\u0000"',
  )
  .map(raw);

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'add', 'duplicate-key', 'wrap'),
  pick: fc.nat(),
  key: jsonKey,
  value: fc.oneof(
    { weight: 5, arbitrary: jsonTree },
    { weight: 3, arbitrary: typeConfusion },
    { weight: 1, arbitrary: pollutionTree },
  ),
});

interface Slot {
  parent: Json & { kind: 'array' | 'object' };
  index: number;
}

function slots(json: Json, into: Slot[] = []): Slot[] {
  if (json.kind === 'array') {
    json.items.forEach((item, index) => {
      into.push({ parent: json, index });
      slots(item, into);
    });
  } else if (json.kind === 'object') {
    json.entries.forEach(([, item], index) => {
      into.push({ parent: json, index });
      slots(item, into);
    });
  }
  return into;
}

const containers = (json: Json): (Json & { kind: 'array' | 'object' })[] => [
  ...(json.kind === 'raw' ? [] : [json]),
  ...slots(json)
    .map(({ parent, index }) => (parent.kind === 'array' ? parent.items[index] : parent.entries[index][1]))
    .filter((node): node is Json & { kind: 'array' | 'object' } => node.kind !== 'raw'),
];

function get(slot: Slot): Json {
  return slot.parent.kind === 'array' ? slot.parent.items[slot.index] : slot.parent.entries[slot.index][1];
}

function set(slot: Slot, value: Json): void {
  if (slot.parent.kind === 'array') slot.parent.items[slot.index] = value;
  else slot.parent.entries[slot.index] = [slot.parent.entries[slot.index][0], value];
}

/** Applies mutations to a copy of the tree: replace a random field, delete it, add one, repeat a key, wrap it. */
export function mutate(base: Json, mutations: readonly Mutation[]): Json {
  const root = clone(base);
  for (const original of mutations) {
    // fast-check hands the same values out again while shrinking: never edit them in place.
    const m = { ...original, value: clone(original.value) };
    if (m.op === 'add') {
      const targets = containers(root);
      const target = targets[m.pick % targets.length];
      if (!target) continue;
      if (target.kind === 'array') target.items.push(m.value);
      else target.entries.push([m.key, m.value]);
      continue;
    }
    const all = slots(root);
    if (all.length === 0) continue;
    const slot = all[m.pick % all.length];
    if (m.op === 'replace') set(slot, m.value);
    else if (m.op === 'wrap') set(slot, { kind: 'array', items: [get(slot)] });
    else if (m.op === 'delete') {
      if (slot.parent.kind === 'array') slot.parent.items.splice(slot.index, 1);
      else slot.parent.entries.splice(slot.index, 1);
    } else if (slot.parent.kind === 'object') {
      // JSON.parse keeps the last of repeated keys: the first one is what a lenient reader would see.
      slot.parent.entries.push([slot.parent.entries[slot.index][0], m.value]);
    }
  }
  return root;
}

/**
 * One top-level field of a valid object replaced by the wrong type, a hostile string or any JSON:
 * the rest stays valid, so the odd value gets past validation of the others.
 */
export const fieldSwap = (base: Json): fc.Arbitrary<Json> => {
  if (base.kind !== 'object' || base.entries.length === 0) return fc.constant(base);
  return fc
    .tuple(
      fc.nat({ max: base.entries.length - 1 }),
      fc.oneof(
        { weight: 4, arbitrary: typeConfusion },
        { weight: 3, arbitrary: nastyString.map((text) => raw(JSON.stringify(text))) },
        { weight: 1, arbitrary: numberText.map(raw) },
        { weight: 2, arbitrary: jsonTree },
      ),
    )
    .map(([index, value]): Json => ({
      kind: 'object',
      entries: base.entries.map(([key, item], i): [string, Json] => [key, i === index ? value : item]),
    }));
};

/** A realistic tree mutated 1 to 3 times. */
export const mutated = (base: Json): fc.Arbitrary<Json> =>
  fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => mutate(base, mutations));

// ---------------------------------------------------------------------------------------------
// Broken JSON and raw bodies

/** Valid JSON text broken by one edit: truncated, a character deleted, inserted or replaced. */
export const brokenJson = (valid: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom('truncate', 'delete', 'insert', 'replace'),
      fc.string({ unit: codeUnit, minLength: 1, maxLength: 3 }),
    )
    .map(([text, at, op, chars]) => {
      const i = text.length === 0 ? 0 : at % text.length;
      if (op === 'truncate') return text.slice(0, i);
      if (op === 'delete') return text.slice(0, i) + text.slice(i + 1);
      if (op === 'insert') return text.slice(0, i) + chars + text.slice(i);
      return text.slice(0, i) + chars + text.slice(i + chars.length);
    });

/** Valid JSON of the wrong shape or type at the top level. */
export const WRONG_TOP_LEVEL: readonly string[] = [
  '',
  ' ',
  'null',
  'true',
  '0',
  '-0',
  '1e400',
  '"string"',
  '[]',
  '[{}]',
  '{}',
  '{"":""}',
  '\ufeff{}',
  '{"a":1}{"b":2}',
  '{"a":1,}',
  "{'a':1}",
  '{a:1}',
  'NaN',
  'Infinity',
  'undefined',
  '/* comment */ {}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":"\u0000"}',
];

/** Bodies as text: JSON trees, broken JSON, wrong top-level types, deep nesting, random text. */
export const rawTextBody = (valid: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 3, arbitrary: brokenJson(valid) },
    { weight: 3, arbitrary: jsonTree.map(render) },
    { weight: 1, arbitrary: pollutionTree.map(render) },
    { weight: 2, arbitrary: fc.constantFrom(...WRONG_TOP_LEVEL) },
    { weight: 1, arbitrary: deepText(20_000) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.string({ unit: codeUnit, maxLength: 200 }) },
  );

/** A body as sent: text, or raw bytes (invalid UTF-8 included). */
export type Body = string | Buffer;

export const rawBody = (valid: fc.Arbitrary<string>): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 8, arbitrary: rawTextBody(valid) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
  );

/** 10 kB to 200 kB bodies: one long string value, long keys, or long runs of raw text. */
export const hugeBody = (envelope: (filler: string) => string): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.string({ unit: fc.oneof(codeUnit, fc.constantFrom('a', 'é', '💩', '"', '\\')), minLength: 1, maxLength: 8 }),
      fc.integer({ min: 10_000, max: 200_000 }),
      fc.constantFrom('value', 'raw', 'key', 'array'),
    )
    .map(([unit, size, shape]) => {
      const filler = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
      if (shape === 'raw') return filler;
      if (shape === 'key') return `{${JSON.stringify(filler)}:1}`;
      if (shape === 'array') return `[${'1,'.repeat(size / 2)}1]`;
      return envelope(filler);
    });

// ---------------------------------------------------------------------------------------------
// Headers

/** Bytes Node's HTTP client accepts in a header value (tab, visible ASCII, Latin-1). */
const headerChar = fc
  .oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
    { weight: 1, arbitrary: fc.constant(0x09) },
  )
  .map((code) => String.fromCharCode(code));

export const headerValue = (maxLength = 200): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: headerChar, maxLength }) },
    // Long values: at most LONG_HEADER characters, so that a request stays within Node's 16 kB of headers.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ unit: headerChar, minLength: 1, maxLength: 4 }),
          fc.integer({ min: 1_000, max: LONG_HEADER }),
        )
        .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)),
    },
  );

/** Node answers 431 (before the service sees the request) past 16 kB of headers: keep every request below. */
export const LONG_HEADER = 4_000;
const EXTRA_HEADERS_BUDGET = 5_000;

const TOKEN = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&'*+^`|~".split(''));

/** Headers the HTTP framing depends on, never sent at random. */
const FRAMING = new Set([
  'content-length',
  'transfer-encoding',
  'host',
  'connection',
  'expect',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'content-type',
  'content-encoding',
  'authorization',
  'x-retell-signature',
]);

const INTERESTING_HEADERS: readonly string[] = [
  'x-request-id',
  'accept',
  'accept-encoding',
  'accept-charset',
  'origin',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-http-method-override',
  'x-real-ip',
  'cookie',
  'range',
  'if-none-match',
  'access-control-request-method',
  'x-api-key',
];

export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...INTERESTING_HEADERS), fc.string({ unit: TOKEN, minLength: 1, maxLength: 30 })),
      headerValue(),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => {
    let budget = EXTRA_HEADERS_BUDGET;
    return Object.fromEntries(
      pairs.filter(([name, value]) => {
        if (FRAMING.has(name.toLowerCase()) || name.length + value.length > budget) return false;
        budget -= name.length + value.length;
        return true;
      }),
    );
  });

export const CONTENT_TYPES: readonly string[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=koi8-r',
  'application/json; charset=x-unknown',
  'application/json; charset="',
  'application/json; boundary=;;;',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'text/json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'application/xml',
  '*/*',
  'application/',
  ';',
  ' ',
];

export const contentType: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: headerValue(60) },
);

export const contentEncoding: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('identity', 'gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip', 'compress', 'zstd'),
  },
  { weight: 1, arbitrary: headerValue(30) },
);

/** Authorization values that are not a valid key of API_KEYS. */
export const invalidAuthorization = (validKey: string): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      '',
      'Bearer',
      'Bearer ',
      'Bearer  ',
      `Basic ${validKey}`,
      `Token ${validKey}`,
      `Bearer ${validKey}x`,
      `Bearer ${validKey.slice(0, -1)}`,
      `Bearer ${validKey} ${validKey}`,
      `Bearer ${validKey.toUpperCase()}`,
      `Bearer\t${validKey}`,
      `${validKey}`,
      `Bearer ${'a'.repeat(513)}`,
      'Bearer null',
      'Bearer undefined',
      'Bearer __proto__',
      // Latin-1 bytes: what Node's client lets through of non-ASCII header text.
      'Bearer caf\u00e9-\u00ff\u0080',
    ),
    headerValue().map((value) => `Bearer ${value}`),
    headerValue(),
  );

// ---------------------------------------------------------------------------------------------
// Retell signatures

/** `v=<ms>,d=<hex HMAC-SHA256(body + ms)>`, Retell's format, for any key and timestamp. */
export function retellSignature(body: string, key: string, timestamp: number | string): string {
  const digest = createHmac('sha256', key).update(`${body}${timestamp}`).digest('hex');
  return `v=${timestamp},d=${digest}`;
}

export type BadSignature =
  | { kind: 'none' }
  | { kind: 'garbage'; value: string }
  | { kind: 'wrong-key'; key: string }
  | { kind: 'stale'; offsetMs: number }
  | { kind: 'other-body'; other: string }
  | { kind: 'tampered'; at: number }
  | { kind: 'body-changed'; suffix: string }
  | { kind: 'doubled' }
  | { kind: 'huge-timestamp'; digits: string };

export const badSignature: fc.Arbitrary<BadSignature> = fc.oneof(
  fc.constant<BadSignature>({ kind: 'none' }),
  fc
    .oneof(
      headerValue(),
      fc.constantFrom(
        '',
        'v=,d=',
        'v=1,d=',
        'v=abc,d=00',
        `v=${Date.now()},d=${'0'.repeat(64)}`,
        `v=${Date.now()},d=${'g'.repeat(64)}`,
        `v=${Date.now()},d=${'a'.repeat(63)}`,
        `v=${Date.now()},d=${'a'.repeat(65)}`,
        `v=-1,d=${'a'.repeat(64)}`,
        `d=${'a'.repeat(64)},v=${Date.now()}`,
        `v=${Date.now()}`,
        'null',
        'undefined',
        'x'.repeat(257),
      ),
    )
    .map((value): BadSignature => ({ kind: 'garbage', value })),
  fc
    .oneof(
      fc.constantFrom('', 'key_test_3f9a7c2e1b8d4f6', 'key_test_3f9a7c2e1b8d4f6ab', 'KEY_TEST_3F9A7C2E1B8D4F6A'),
      nastyString,
    )
    .map((key): BadSignature => ({ kind: 'wrong-key', key })),
  fc
    // Beyond Retell's 5-minute window by a minute at least: the request takes a few ms to arrive.
    .oneof(fc.integer({ min: 360_000, max: 10 ** 12 }), fc.integer({ min: -(10 ** 12), max: -360_000 }))
    .map((offsetMs): BadSignature => ({ kind: 'stale', offsetMs })),
  fc.string({ maxLength: 50 }).map((other): BadSignature => ({ kind: 'other-body', other })),
  fc.nat({ max: 63 }).map((at): BadSignature => ({ kind: 'tampered', at })),
  fc.constantFrom(' ', '\n', 'x', '}', '\u0000').map((suffix): BadSignature => ({ kind: 'body-changed', suffix })),
  fc.constant<BadSignature>({ kind: 'doubled' }),
  fc
    .constantFrom('99999999999999999999', '9007199254740993', '1e12', '0x1', '00000000000000000001')
    .map((digits): BadSignature => ({ kind: 'huge-timestamp', digits })),
);

/** The `x-retell-signature` of a bad signature over `body` (undefined: no header) and the body to send. */
export function applyBadSignature(
  bad: BadSignature,
  body: string,
  key: string,
  now = Date.now(),
): { signature: string | undefined; body: string } {
  switch (bad.kind) {
    case 'none':
      return { signature: undefined, body };
    case 'garbage':
      return { signature: bad.value, body };
    case 'wrong-key':
      return { signature: retellSignature(body, bad.key === key ? `${key}!` : bad.key, now), body };
    case 'stale':
      return { signature: retellSignature(body, key, now + bad.offsetMs), body };
    case 'other-body':
      return { signature: retellSignature(`${body}${bad.other}#`, key, now), body };
    case 'tampered': {
      const good = retellSignature(body, key, now);
      const at = good.indexOf('d=') + 2 + bad.at;
      const flipped = good[at] === '0' ? '1' : '0';
      return { signature: good.slice(0, at) + flipped + good.slice(at + 1), body };
    }
    case 'body-changed':
      return { signature: retellSignature(body, key, now), body: body + bad.suffix };
    case 'doubled':
      return { signature: `${retellSignature(body, key, now)},${retellSignature(body, key, now)}`, body };
    case 'huge-timestamp':
      return { signature: retellSignature(body, key, bad.digits), body };
  }
}

// ---------------------------------------------------------------------------------------------
// URLs

/** Percent-encodes every byte but the unreserved ones (lone surrogates become U+FFFD, as UTF-8 must). */
export function pctEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** Path segments sent as they are: malformed percent-encoding, look-alike numbers. */
const RAW_SEGMENTS: readonly string[] = [
  '0',
  '-1',
  '-0',
  '+1',
  '1e3',
  '0x10',
  '0b1',
  '1.5',
  '1.',
  '01',
  '0001',
  '2147483647',
  '2147483648',
  '4294967297',
  '9007199254740993',
  '99999999999',
  '1' + '0'.repeat(400),
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '%',
  '%%',
  '%zz',
  '%0',
  '%00',
  '%20',
  '1%00',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
  '%F0%9F%92%A9',
  '%EF%BC%91',
  '%D9%A1',
  '.',
  '..',
  '%2e',
  '%2e%2e',
  '.%2E',
  '%2F',
  '1%2F2',
  '1;2',
  '1,2',
  "1'",
  '1"',
  '(1)',
  '[1]',
  '{1}',
  '*',
  '~',
  '$',
  'call_abc123xyz789',
  'call_' + 'a'.repeat(200),
  'call_a.b:c-d',
];

/** A path id: numbers, look-alikes, unicode, malformed encodings; `known` are ids that exist. */
export const pathSegment = (known: readonly string[] = []): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.constant('1') },
    { weight: 4, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 2, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.bigInt().map(String) },
    { weight: 2, arbitrary: nastyString.filter((s) => s.length > 0).map(pctEncode) },
  );

/** Path segments that a Retell call id pipe (`[\\w.:-]{1,200}`) lets through, dot segments included. */
export const callIdSegment = (known: readonly string[] = []): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: pathSegment(known) },
    { weight: 2, arbitrary: fc.stringMatching(/^[\w.:-]{1,12}$/) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '.',
        '..',
        '%2e',
        '%2E%2E',
        '.%2e',
        '...',
        ':',
        '-',
        '_',
        'a'.repeat(200),
        'a'.repeat(201),
      ),
    },
  );

/** Query values sent as they are (already encoded, or deliberately malformed). */
const RAW_QUERY_VALUES: readonly string[] = [
  '',
  '1',
  '0',
  '-1',
  '1e9',
  '1e3',
  '100',
  '101',
  '1.5',
  '0x10',
  'NaN',
  'Infinity',
  'true',
  'false',
  'TRUE',
  'yes',
  'asc',
  'desc',
  'new',
  'hired',
  'orphaned',
  'failed',
  'pending',
  'Interview%20Scheduled',
  'High',
  '2026-01-01T00:00:00Z',
  '2026-01-01',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '%2B275760-09-13T00%3A00%3A00.000Z',
  '-271821-04-20T00%3A00%3A00.000Z',
  '2026-02-30T25%3A61%3A61Z',
  '1',
  '9223372036854775807',
  '9223372036854775808',
  '9999999999999999999',
  '99999999999999999999',
  '0000000000000000000',
  '%',
  '%zz',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%F0%9F%92%A9',
  '%27%3B%20DROP%20TABLE%20candidates%3B--',
  '%25',
  '%5C',
  '_',
  '%5C%25_',
];

/** A `next_cursor` of `GET /api/candidates` forged from base64url JSON: odd dates and ids. */
export const forgedCandidateCursor: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(
        '2026-01-01T00:00:00.000Z',
        '+275760-09-13T00:00:00.000Z',
        '-271821-04-20T00:00:00.000Z',
        '-004714-11-24T00:00:00.000Z',
        '0000-01-01T00:00:00.000Z',
        '1970-01-01',
        '1',
        '0',
        '',
        'Invalid Date',
      ),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      nastyString,
    ),
    fc.oneof(numberText, fc.constantFrom('"1"', 'null', '[]', '{}')),
  )
  .map(([date, id]) => Buffer.from(`[${JSON.stringify(date)},${id}]`).toString('base64url'));

export const QUERY_KEYS: readonly string[] = [
  'status',
  'status[]',
  'status[0]',
  'status[__proto__]',
  'retell_interview_scheduled',
  'retell_call_outcome',
  'retell_interest_level',
  'q',
  'updated_after',
  'order',
  'limit',
  'limit[]',
  'cursor',
  'outcome',
  'call_id',
  '__proto__',
  '__proto__[status]',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  'a[b][c][d][e][f][g][h][i][j][k]',
  '',
  '%',
  '%00',
];

/** A query string: known and random keys, repeated keys, arrays, malformed encodings, forged cursors. */
export const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...QUERY_KEYS) },
        { weight: 1, arbitrary: nastyString.map(pctEncode) },
      ),
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...RAW_QUERY_VALUES) },
        { weight: 2, arbitrary: nastyString.map(pctEncode) },
        { weight: 1, arbitrary: fc.stringMatching(/^\d{1,20}$/) },
        { weight: 1, arbitrary: forgedCandidateCursor },
        { weight: 1, arbitrary: numberText.map(pctEncode) },
      ),
      fc.constantFrom('=', '=', '=', '', '=='),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => pairs.map(([key, value, eq]) => `${key}${eq}${eq === '' ? '' : value}`).join('&'));

/**
 * A mostly valid query for one endpoint: each known parameter is absent, valid, or hostile, so
 * that one odd value gets past validation of the others and reaches the service; now and then a
 * random extra pair.
 */
export const endpointQuery = (
  params: Record<string, { valid: fc.Arbitrary<string>; hostile: fc.Arbitrary<string> }>,
): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.tuple(
        ...Object.entries(params).map(([key, { valid, hostile }]) =>
          fc.oneof(
            { weight: 8, arbitrary: fc.constant<string | null>(null) },
            { weight: 3, arbitrary: valid.map((value): string | null => `${key}=${value}`) },
            { weight: 1, arbitrary: hostile.map((value): string | null => `${key}=${value}`) },
          ),
        ),
      ),
      fc.option(queryString, { freq: 8 }),
    )
    .map(([pairs, extra]) =>
      [...pairs.filter((pair): pair is string => pair !== null), ...(extra ? [extra] : [])].join('&'),
    );

const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RAW_QUERY_VALUES) },
  { weight: 2, arbitrary: nastyString.map(pctEncode) },
  { weight: 1, arbitrary: numberText.map(pctEncode) },
);

/** Queries of `GET /api/candidates`: forged cursors, odd dates, limits, LIKE wildcards, unicode. */
export const candidatesQuery: fc.Arbitrary<string> = endpointQuery({
  status: {
    valid: fc.constantFrom('new', 'contacted', 'interviewing', 'rejected', 'hired', 'withdrawn'),
    hostile: hostileValue,
  },
  retell_interview_scheduled: { valid: fc.constantFrom('true', 'false'), hostile: hostileValue },
  retell_call_outcome: { valid: fc.constantFrom('Interview%20Scheduled', 'Not%20Interested'), hostile: hostileValue },
  retell_interest_level: { valid: fc.constantFrom('High', 'Low'), hostile: hostileValue },
  q: { valid: fc.constantFrom('ada', 'Doe', '%25', '_', '%5C'), hostile: hostileValue },
  updated_after: {
    valid: fc
      .date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => pctEncode(d.toISOString())),
    hostile: fc.oneof(
      hostileValue,
      fc.date({ noInvalidDate: true }).map((d) => pctEncode(d.toISOString())),
    ),
  },
  order: { valid: fc.constantFrom('asc', 'desc'), hostile: hostileValue },
  limit: { valid: fc.integer({ min: 1, max: 100 }).map(String), hostile: hostileValue },
  cursor: {
    valid: forgedCandidateCursor,
    hostile: fc.oneof(hostileValue, fc.base64String({ maxLength: 40 }).map(pctEncode)),
  },
});

/** Queries of `GET /api/webhooks/retell/events`: cursors of up to 20 digits, odd outcomes and call ids. */
export const eventsQuery: fc.Arbitrary<string> = endpointQuery({
  outcome: {
    valid: fc.constantFrom('pending', 'applied', 'duplicate', 'ignored', 'orphaned', 'failed'),
    hostile: hostileValue,
  },
  call_id: { valid: fc.stringMatching(/^[\w.:-]{1,30}$/).map(pctEncode), hostile: hostileValue },
  limit: { valid: fc.integer({ min: 1, max: 100 }).map(String), hostile: hostileValue },
  cursor: {
    valid: fc.oneof(
      fc.stringMatching(/^\d{1,19}$/),
      fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }).map(String),
      fc.constantFrom('1', '9007199254740993', '9223372036854775807', '9223372036854775808', '9999999999999999999'),
    ),
    hostile: hostileValue,
  },
});

const instantText: fc.Arbitrary<string> = fc
  .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => pctEncode(d.toISOString()));

/** Queries of `GET /api/interviews`: ranges, statuses, candidate ids, cursors. */
export const interviewsQuery: fc.Arbitrary<string> = endpointQuery({
  from: { valid: instantText, hostile: hostileValue },
  to: { valid: instantText, hostile: hostileValue },
  status: { valid: fc.constantFrom('scheduled', 'cancelled'), hostile: hostileValue },
  candidate_id: { valid: fc.integer({ min: 1, max: 10 }).map(String), hostile: hostileValue },
  limit: { valid: fc.integer({ min: 1, max: 100 }).map(String), hostile: hostileValue },
  cursor: { valid: forgedCandidateCursor, hostile: hostileValue },
});

/** Queries of `GET /api/notifications`. */
export const notificationsQuery: fc.Arbitrary<string> = endpointQuery({
  status: { valid: fc.constantFrom('pending', 'sent', 'failed', 'skipped'), hostile: hostileValue },
  kind: {
    valid: fc.constantFrom('interview_invitation', 'interview_update', 'interview_cancellation'),
    hostile: hostileValue,
  },
  candidate_id: { valid: fc.integer({ min: 1, max: 10 }).map(String), hostile: hostileValue },
  limit: { valid: fc.integer({ min: 1, max: 100 }).map(String), hostile: hostileValue },
  cursor: { valid: forgedCandidateCursor, hostile: hostileValue },
});

/** Queries of `GET /api/analytics/summary` and `/timeseries`: ranges, filters (NUL included), buckets, zones. */
export const analyticsQuery: fc.Arbitrary<string> = endpointQuery({
  from: { valid: instantText, hostile: hostileValue },
  to: { valid: instantText, hostile: hostileValue },
  job_id: { valid: fc.constantFrom('45', 'job%2F1', '%00'), hostile: hostileValue },
  agent_id: { valid: fc.constantFrom('agent_7d2f0c1e9b', 'a%00b'), hostile: hostileValue },
  recruiter: { valid: fc.constantFrom('Emma%20Johnson', '%00'), hostile: hostileValue },
  bucket: { valid: fc.constantFrom('hour', 'day', 'week', 'month'), hostile: hostileValue },
  tz: { valid: fc.constantFrom('America/Chicago', 'UTC', 'Etc/GMT%2B12', 'Asia/Kolkata'), hostile: hostileValue },
});
