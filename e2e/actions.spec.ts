/**
 * Acting on messages with two people: react, reply (and jump to the original), edit in place
 * (ArrowUp, Escape), delete (asked once), copy, the context menu by keyboard, Markdown-lite,
 * @mentions and "Seen by".
 */
import { expect, join, pageUrl, say, test, type Person } from './fixtures.ts';

/** The last message whose own bubble holds `text` (not a reply quoting it) in a person's log. */
const row = (p: Person, text: string) =>
  p.page
    .getByRole('log')
    .locator('.msg')
    .filter({ has: p.page.locator('.bubble', { hasText: text }) })
    .last();

test('react, reply, edit, delete and copy, seen by the other person', async ({ host, person, shot }) => {
  const alice = await person('Alice', { permissions: ['clipboard-read', 'clipboard-write'] });
  const bob = await person('Bob');
  await join(alice, pageUrl(host.port));
  await join(bob, pageUrl(host.port));

  await say(alice, 'Lunch at **noon**? Bring `plates`.');
  const bobsView = row(bob, 'Lunch at');
  await expect(bobsView.locator('strong')).toHaveText('noon');
  await expect(bobsView.locator('code')).toHaveText('plates');

  // Bob reacts from the toolbar shown on hover; Alice sees the count and who.
  await bobsView.hover();
  await bobsView.getByRole('button', { name: 'React with 👍' }).click();
  const chip = row(alice, 'Lunch at').getByRole('button', { name: /👍 1/ });
  await expect(chip).toHaveAttribute('title', 'Bob');
  await expect(chip).toHaveAttribute('aria-pressed', 'false');
  // Alice adds hers by clicking the chip, then takes it back.
  await chip.click();
  await expect(row(bob, 'Lunch at').getByRole('button', { name: /👍 2/ })).toHaveAttribute('title', 'You and Alice');
  await row(alice, 'Lunch at').getByRole('button', { name: /👍 2/ }).click();
  await expect(row(bob, 'Lunch at').getByRole('button', { name: /👍 1/ })).toBeVisible();
  // The picker.
  await bobsView.hover();
  await bobsView.getByRole('button', { name: 'Add reaction' }).click();
  await bob.page
    .getByRole('dialog', { name: 'Choose a reaction' })
    .getByRole('button', { name: 'React with 🍕' })
    .click();
  await expect(row(alice, 'Lunch at').getByRole('button', { name: /🍕 1/ })).toBeVisible();

  // Bob replies; the reply quotes Alice's first line; clicking it shows the original.
  await bobsView.hover();
  await bobsView.getByRole('button', { name: 'Reply' }).click();
  await expect(bob.page.getByText('Replying to Alice')).toBeVisible();
  await say(bob, 'Yes, see you there');
  const reply = row(alice, 'see you there');
  await expect(reply.locator('.quote')).toContainText('Alice');
  await expect(reply.locator('.quote')).toContainText('Lunch at noon? Bring plates.');
  await reply.locator('.quote').click();
  await expect(row(alice, 'Lunch at')).toHaveClass(/flash/);
  await expect(bob.page.getByText('Replying to Alice')).toBeHidden();

  // Alice edits her last message with ArrowUp in the empty composer; Escape cancels once.
  const box = alice.page.getByRole('textbox', { name: 'Message' });
  await box.click();
  await box.press('ArrowUp');
  const editor = alice.page.getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toBeFocused();
  await editor.press('Escape');
  await expect(editor).toBeHidden();
  await box.press('ArrowUp');
  await editor.fill('Lunch at **one**? Bring `plates`.');
  await shot(alice.page, 'editing');
  await editor.press('Enter');
  await expect(row(bob, 'Lunch at').locator('strong')).toHaveText('one');
  await expect(row(bob, 'Lunch at')).toContainText('(edited)');

  // Copy text from the context menu (right-click).
  await row(alice, 'Lunch at').click({ button: 'right', position: { x: 40, y: 10 } });
  await alice.page.getByRole('menuitem', { name: 'Copy text' }).click();
  await expect
    .poll(() => alice.page.evaluate(() => navigator.clipboard.readText()))
    .toBe('Lunch at **one**? Bring `plates`.');

  // "Seen by" under Alice's latest message, from Bob's read state.
  await say(alice, 'Anyone else?');
  await expect(row(alice, 'Anyone else?').getByText('Seen by 1')).toBeVisible();
  await expect(row(alice, 'Anyone else?').getByText('Seen by 1')).toHaveAttribute('title', 'Seen by Bob');
  await shot(alice.page, 'reactions-reply-seen');

  // Delete, by keyboard: focus the message's toolbar, open the menu, confirm once.
  const last = row(alice, 'Anyone else?');
  await last.hover();
  await last.getByRole('button', { name: 'More actions' }).focus();
  await alice.page.keyboard.press('Enter');
  const menu = alice.page.getByRole('menu', { name: 'Message actions' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await alice.page.keyboard.press('End');
  await alice.page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await alice.page.keyboard.press('Enter');
  await expect(alice.page.getByRole('dialog', { name: 'Delete this message?' })).toBeVisible();
  await shot(alice.page, 'delete-confirm');
  await alice.page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(row(bob, 'This message was deleted')).toBeVisible();
  await expect(bob.page.getByRole('log')).not.toContainText('Anyone else?');
  await expect(row(alice, 'This message was deleted')).toBeVisible();
  // Bob cannot edit or delete Alice's messages: his menu offers neither.
  await row(bob, 'Lunch at').click({ button: 'right', position: { x: 60, y: 10 } });
  await expect(bob.page.getByRole('menuitem', { name: 'Reply' })).toBeVisible();
  await expect(bob.page.getByRole('menuitem', { name: 'Edit' })).toHaveCount(0);
  await expect(bob.page.getByRole('menuitem', { name: 'Delete' })).toHaveCount(0);
  await bob.page.keyboard.press('Escape');

  // Each toolbar is one Tab stop; arrow keys move inside it.
  const tools = row(bob, 'see you there').getByRole('toolbar', { name: 'Message actions' });
  await expect(tools.locator('button[tabindex="0"]')).toHaveCount(1);
  await tools.getByRole('button', { name: 'React with 👍' }).focus();
  await bob.page.keyboard.press('ArrowRight');
  await expect(tools.getByRole('button', { name: 'React with ❤️' })).toBeFocused();
  await bob.page.keyboard.press('Tab');
  expect(await tools.evaluate((bar) => bar.contains(document.activeElement))).toBe(false);
  // The last message's menu opens where it can be seen, not below the end of the list.
  const lastRow = row(bob, 'see you there');
  await lastRow.hover();
  await lastRow.getByRole('button', { name: 'More actions' }).click();
  const menuBox = await bob.page.getByRole('menu', { name: 'Message actions' }).boundingBox();
  expect(menuBox && menuBox.y >= 0 && menuBox.y + menuBox.height <= bob.page.viewportSize()!.height).toBe(true);
  await bob.page.keyboard.press('Escape');

  // Every change is in the room's log: a reload shows them all again, to both.
  for (const p of [alice, bob]) {
    await p.page.reload();
    await expect(p.page.getByRole('status')).toHaveText('Connected');
    const lunch = row(p, 'Lunch at');
    await expect(lunch.locator('strong')).toHaveText('one');
    await expect(lunch).toContainText('(edited)');
    await expect(lunch.getByRole('button', { name: /🍕 1/ })).toBeVisible();
    await expect(row(p, 'see you there').locator('.quote')).toContainText('Lunch at one? Bring plates.');
    await expect(row(p, 'This message was deleted')).toBeVisible();
    await expect(p.page.getByRole('log')).not.toContainText('Anyone else?');
  }
});

test('Markdown-lite is rendered safely, code can be copied, long messages collapse', async ({ host, person }) => {
  const alice = await person('Alice', { permissions: ['clipboard-read', 'clipboard-write'] });
  await join(alice, pageUrl(host.port));
  await say(
    alice,
    'Run this:\n```\nnpm run host -- --port 4000\n```\n<b>not bold</b> *really* <img src=x onerror=alert(1)>',
  );
  const msg = row(alice, 'Run this');
  await expect(msg.locator('pre')).toHaveText('npm run host -- --port 4000');
  await expect(msg.locator('em')).toHaveText('really');
  await expect(msg).toContainText('<b>not bold</b>');
  await expect(msg.locator('b, img')).toHaveCount(0);
  await msg.getByRole('button', { name: 'Copy code' }).click();
  await expect
    .poll(() => alice.page.evaluate(() => navigator.clipboard.readText()))
    .toBe('npm run host -- --port 4000');

  const long = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
  await alice.page.getByRole('textbox', { name: 'Message' }).fill(long);
  await alice.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const more = row(alice, 'line 1').getByRole('button', { name: 'Show more' });
  await expect(more).toBeVisible();
  const text = row(alice, 'line 1').locator('.text');
  const hidden = () => text.evaluate((el) => el.scrollHeight - el.clientHeight);
  await expect.poll(hidden).toBeGreaterThan(100); // cut at 25 lines
  await more.click();
  await expect(row(alice, 'line 1').getByRole('button', { name: 'Show less' })).toBeVisible();
  await expect.poll(hidden).toBe(0);
});

test('@mentions are suggested and highlighted for the person mentioned', async ({ host, person, shot }) => {
  const alice = await person('Alice');
  const bob = await person('Bob');
  await join(alice, pageUrl(host.port));
  await join(bob, pageUrl(host.port));
  await say(alice, 'hello');
  const box = bob.page.getByRole('textbox', { name: 'Message' });
  await box.pressSequentially('thanks @al');
  const list = bob.page.getByRole('listbox', { name: 'Mention someone' });
  await expect(list.getByRole('option')).toHaveText(['@Alice']);
  await box.press('Enter');
  await expect(box).toHaveValue('thanks @Alice ');
  await box.pressSequentially('for lunch');
  await box.press('Enter');
  const mention = row(alice, 'for lunch').locator('.mention');
  await expect(mention).toHaveText('@Alice');
  await expect(mention).toHaveClass(/you/);
  await expect(row(bob, 'for lunch').locator('.mention')).not.toHaveClass(/you/);
  await shot(alice.page, 'mention');
});

test('a mention notifies in the browser (asked once) and badges a room not on screen', async ({
  host,
  person,
  shot,
}) => {
  const alice = await person('Alice', { permissions: ['notifications'] });
  const bob = await person('Bob');
  // Record what the real Notification API is asked to do; the person answers "Allow" when asked.
  await alice.page.addInitScript(() => {
    const w = window as unknown as {
      Notification: typeof Notification;
      notes: string[];
      asked: number;
      answer: NotificationPermission;
    };
    const Real = w.Notification;
    w.notes = [];
    w.asked = 0;
    w.answer = 'default';
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.notes.push(`${title} | ${options?.body ?? ''}`);
      }
      static override get permission() {
        return w.answer;
      }
      static override requestPermission() {
        w.asked++;
        w.answer = 'granted';
        return Promise.resolve(w.answer);
      }
    }
    w.Notification = Recorded;
  });
  await join(alice, pageUrl(host.port));
  await join(bob, pageUrl(host.port));
  await say(alice, 'hi all');
  await say(alice, 'anyone?');
  expect(await alice.page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(1);

  // Alice looks at another room; Bob mentions her in general.
  await alice.page.getByRole('button', { name: '+ Join a room' }).click();
  await alice.page.getByLabel('Room address').fill(`127.0.0.1:${host.port}/dev`);
  await alice.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(alice.page.getByRole('heading', { name: '# dev' })).toBeVisible();
  await say(bob, 'ping @Alice, lunch?');
  await expect
    .poll(() => alice.page.evaluate(() => (window as unknown as { notes: string[] }).notes))
    .toEqual(['Bob mentioned you in # general | ping @Alice, lunch?']);
  const rooms = alice.page.getByRole('navigation', { name: 'Rooms' });
  await expect(rooms.getByLabel('1 message mentions you')).toBeVisible();
  await shot(alice.page, 'mention-badge');
  // A message without her name notifies nothing more.
  await say(bob, 'anyone else?');
  await expect(rooms.getByLabel('2 unread')).toBeVisible();
  expect(await alice.page.evaluate(() => (window as unknown as { notes: string[] }).notes)).toHaveLength(1);
  // Opening the room clears the badge.
  await rooms.getByRole('button', { name: /# general/ }).click();
  await expect(rooms.getByLabel('1 message mentions you')).toHaveCount(0);
});
