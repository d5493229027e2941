import { describe, expect, it } from 'vitest';
import { withSandboxClock } from '../../../../src/sandbox/athena/clock.js';
import { render, tokenize } from '../../../../src/sandbox/athena/tokens.js';

const NOW = Date.parse('2031-05-06T07:08:09.123Z');
const rewrite = (sql: string): string => render(withSandboxClock(tokenize(sql), NOW));

describe('the sandbox clock in Athena SQL', () => {
  it('gives now(), current_timestamp, localtimestamp and current_date the sandbox time, in UTC', () => {
    expect(rewrite('SELECT now(), NOW ( ), current_timestamp, localtimestamp, current_date')).toBe(
      "SELECT TIMESTAMPTZ '2031-05-06 07:08:09.123+00', TIMESTAMPTZ '2031-05-06 07:08:09.123+00', " +
        "TIMESTAMPTZ '2031-05-06 07:08:09.123+00', TIMESTAMP '2031-05-06 07:08:09.123', DATE '2031-05-06'",
    );
  });

  it('leaves columns, struct fields, quoted names and strings alone', () => {
    const sql = `SELECT now, t.current_date, "now"(), 'now()' FROM t WHERE x > now() - INTERVAL '1' HOUR`;
    expect(rewrite(sql)).toBe(
      `SELECT now, t.current_date, "now"(), 'now()' FROM t WHERE x > TIMESTAMPTZ '2031-05-06 07:08:09.123+00' - INTERVAL '1' HOUR`,
    );
  });
});
