import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonErrorOffset, jsonErrorPosition, positionOf } from '../../src/cli/json-position.js';

const BAD = [
  '{"a":1,}', '{"a" 1}', '{', '', 'x', '{"a":tru}', '[1,2]]', '[01]', '[1.]', '[-]', '["\\x"]', '["\\u12g4"]',
  '["a\nb"]', '{"a":1 "b":2}', '[1e+]', '{"a":[1,2,{"b":nul}]}', '  \n  ]', '"abc', '[1,]', '{1:2}',
];
const GOOD = ['{}', '[]', '0', '-0.5e-3', '"\\u00e9\\n"', ' {"a": [1, true, false, null, {"b": "c"}]} ', '1E5'];

test('the scanner accepts what JSON.parse accepts', () => {
  for (const t of GOOD) {
    JSON.parse(t);
    assert.equal(jsonErrorOffset(t), -1, t);
  }
});

test('the scanner stops where V8 does, whenever V8 names a position', () => {
  let compared = 0;
  for (const t of BAD) {
    assert.throws(() => JSON.parse(t));
    const offset = jsonErrorOffset(t);
    assert.ok(offset >= 0 && offset <= t.length, JSON.stringify(t));
    try {
      JSON.parse(t);
    } catch (e) {
      const m = /at position (\d+)/.exec((e as Error).message);
      if (m !== null) {
        compared++;
        assert.equal(offset, Number(m[1]), JSON.stringify(t));
      }
    }
  }
  assert.ok(compared >= 8, `compared ${compared} positions`);
});

test('positions are 1-based lines and columns', () => {
  assert.deepEqual(positionOf('ab\ncd', 4), { offset: 4, line: 2, column: 2 });
  assert.deepEqual(positionOf('', 0), { offset: 0, line: 1, column: 1 });
  assert.deepEqual(jsonErrorPosition('{"a":\n tru }', 'Unexpected token'), { offset: 10, line: 2, column: 5 });
  assert.deepEqual(jsonErrorPosition('whatever', 'X in JSON at position 3'), { offset: 3, line: 1, column: 4 });
});
