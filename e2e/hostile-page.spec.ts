/**
 * A web page served by another machine of the LAN, opened in a real browser here, tries to use
 * the host: open a WebSocket to a room and read /api/info. The host refuses both (403 at the
 * upgrade, no CORS), while the very same script in the host's own page can (the control that
 * shows the check is what stops it). The other machine is a network namespace with its own
 * address (needs root, as in CI).
 */
import { startHost } from '../test/helpers/host.ts';
import { createNetNs, netnsAvailable } from '../test/helpers/netns.ts';
import { expect, FOUR_LOOKS, pageUrl, RENDERER_DIR, test } from './fixtures.ts';

/** What a page's script can do with the host at `base` (http://ADDRESS:PORT). */
const probe = (base: string) =>
  new Promise<{ socket: string; info: string }>((resolve) => {
    const result = { socket: '', info: '' };
    const done = () => {
      if (result.socket && result.info) resolve(result);
    };
    const ws = new WebSocket(`${base.replace('http', 'ws')}/room/general`);
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, clientId: 'pagepagepage1', name: 'Page' }));
    };
    ws.onmessage = (e) => {
      result.socket = `answered ${(JSON.parse(String(e.data)) as { type: string }).type}`;
      ws.close();
      done();
    };
    ws.onclose = () => {
      result.socket ||= 'refused';
      done();
    };
    fetch(`${base}/api/info`)
      .then((r) => r.json())
      .then((info: { app?: string }) => (result.info = `read ${info.app}`))
      .catch(() => (result.info = 'refused'))
      .finally(done);
  });

test.skip(!netnsAvailable(), 'needs root for a second network namespace');

test('a page from another LAN machine can neither open a socket nor read /api/info', async ({ browser }) => {
  const ns = createNetNs();
  const host = await startHost({ staticDir: RENDERER_DIR, bind: '0.0.0.0' });
  const server = ns.run('test/helpers/hostile-page.ts', []);
  try {
    const { port } = (await server.next()) as { port: number };
    const base = `http://${ns.hostAddress}:${host.port}`;
    // Not a fixture person: the refusals are console errors here, and they are the point.
    const visitor = { page: await (await browser.newContext()).newPage() };

    await visitor.page.goto(`http://${ns.peerAddress}:${port}/`);
    await expect(visitor.page).toHaveTitle('A page on another machine');
    expect(await visitor.page.evaluate(probe, base)).toEqual({ socket: 'refused', info: 'refused' });

    // The control: the same script on the host's own page gets in.
    await visitor.page.goto(`${base}/`);
    expect(await visitor.page.evaluate(probe, base)).toEqual({ socket: 'answered welcome', info: 'read lanchat' });
  } finally {
    await server.end();
    await host.stop();
    ns.remove();
  }
});

test('a host’s page asked to join a room on another computer says why, and links the room on its own host', async ({
  host,
  person,
  shot,
}) => {
  const looks = FOUR_LOOKS;
  for (const look of looks) {
    const zh = look.locale === 'zh-CN';
    const p = await person(`Alice-${look.locale}-${look.colorScheme}`, look);
    await p.page.goto(pageUrl(host.port));
    await p.page.getByLabel(zh ? '你的名字' : 'Your name').fill('Alice');
    await p.page.getByLabel(zh ? '房间地址' : 'Room address').fill('192.168.1.20:47800/general');
    await p.page.getByRole('button', { name: zh ? '加入' : 'Join', exact: true }).click();
    await expect(p.page.getByText(zh ? '在另一台电脑上' : 'is on another computer')).toBeVisible();
    const link = p.page.getByRole('link', { name: 'http://192.168.1.20:47800/#/room/general' });
    await expect(link).toHaveAttribute('href', 'http://192.168.1.20:47800/#/room/general');
    await shot(p.page, `other-computer-${look.locale}-${look.colorScheme}-${look.viewport.width}`);
  }
});
