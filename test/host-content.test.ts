/**
 * What people see, against a real host: names are normalised (NFKC, no invisible characters,
 * something visible), unique on their confusable skeleton, and message texts carry no control
 * characters but new lines and tabs.
 */
import { describe, expect, it } from 'vitest';
import { useHosts } from './helpers/fixtures.ts';

const t = useHosts();

describe('names', () => {
  it('makes a look-alike of a present name unique: Cyrillic Аlice beside Alice is “Аlice (2)”', async () => {
    const h = await t.host();
    const alice = await t.join(h.url(), { name: 'Alice' });
    expect(alice.frames[0]!.you).toMatchObject({ name: 'Alice' });
    const fake = await t.join(h.url(), { name: '\u0410lice' });
    expect(fake.frames[0]!.you).toMatchObject({ name: '\u0410lice (2)' });
    const third = await t.join(h.url(), { name: 'A\u200blice' }); // a zero-width space inside
    expect(third.frames[0]!.you).toMatchObject({ name: 'Alice (3)' });
  });

  it('normalises with NFKC, removes invisible and format characters and collapses white space', async () => {
    const h = await t.host();
    const cases: [string, string][] = [
      ['\uff22\uff4f\uff42', 'Bob'], // full-width
      ['  Ca\u200drol\u2066  \u00ad', 'Carol'],
      ['Dave\u3164 \u3000 Smith', 'Dave Smith'],
      ['\u{1F469}\u200d\u{1F4BB} Eve', '\u{1F469}\u200d\u{1F4BB} Eve'], // an emoji sequence keeps its joiner
    ];
    for (const [wanted, shown] of cases) {
      const c = await t.join(h.url(`room-${cases.findIndex((x) => x[0] === wanted)}`), { name: wanted });
      expect(c.frames[0]!.you).toMatchObject({ name: shown });
    }
  });

  it.each([
    ['only invisible characters', '\u200b\u3164\u2800'],
    ['only a bidi override', '\u202e'],
    ['an escape character', 'Mal\u001b[31mlory'],
  ])('refuses a name of %s with bad_hello', async (_what, name) => {
    const h = await t.host();
    await expect(t.join(h.url(), { name })).rejects.toThrow(/bad_hello/);
  });
});

describe('message text', () => {
  it('refuses C0 and C1 controls other than new line and tab, and keeps those two', async () => {
    const h = await t.host();
    const c = await t.join(h.url());
    for (const [id, text] of [
      ['esc', 'red \u001b[31mALERT'],
      ['bell', 'ding\u0007'],
      ['cr', 'over\rwrite'],
      ['csi', 'c1 \u009b2J'],
    ]) {
      c.sendJson({ type: 'send', id, text });
      expect(await c.next('error')).toMatchObject({
        code: 'bad_request',
        ref: id,
        message: expect.stringMatching(/control characters/),
      });
    }
    c.sendJson({ type: 'send', id: 'ok', text: 'line one\n\tindented' });
    expect((await c.waitForMessages(1))[0]).toMatchObject({ id: 'ok', text: 'line one\n\tindented', seq: 1 });
  });
});
