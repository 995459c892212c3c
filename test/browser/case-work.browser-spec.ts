import { readFileSync } from 'node:fs';
import { waitFor } from '../support/wait-for';
import { webAppHarness } from './web-app-harness';

/** A small real PDF: the server tells a document's type from its first bytes. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

interface Task {
  id: string;
  caseId: string;
  kind: string;
  status: string;
}

/**
 * The case page's work in Chromium against the real API: documents, hearings, the words shown
 * for the server's codes, the same person; and the admin's and everyone's own screens (access
 * log, follow-up rules, notification settings). axe on each screen.
 */
describe('case work and the admin desk in the staff web app', () => {
  const h = webAppHarness('huquq_webcase');
  const { users, open, signIn, call, accessible, shoot } = h;

  const logAppeal = (fullName: string, more: Record<string, unknown> = {}) =>
    call<{ caseId: string; caseNumber: string; possibleDuplicates: string[] }>(
      'intake',
      'POST',
      '/v1/appeals',
      {
        appealType: 'expulsion_order',
        channel: 'hotline',
        urgency: 'high',
        client: { fullName, nationality: 'UZ', ...more },
        incident: { description: 'Постановление о выдворении', region: 'Moscow' },
      },
    );
  const taskOf = (caseId: string): Promise<Task> =>
    waitFor<Task | undefined>(
      async () =>
        (await call<{ items: Task[] }>('lawyer', 'GET', '/v1/tasks?assignee=none&status=open')).items.find(
          (t) => t.caseId === caseId,
        ),
      { what: 'the case’s first task', timeoutMs: 20000 },
    ) as Promise<Task>;

  it('a lawyer claims, changes status, uploads a document and downloads it, holds a hearing, completes', async () => {
    const logged = await logAppeal('Алимов Бахтиёр');
    const task = await taskOf(logged.caseId);

    const { context, page } = await open('/app/queue');
    await signIn(page, 'lawyer');
    const card = page.locator(`#free-tasks [data-task="${task.id}"]`);
    await card.waitFor();
    // The task's kind in words, never its code.
    expect(await card.textContent()).toContain('Разобрать обращение');
    expect(await card.textContent()).not.toMatch(new RegExp(`\\b${task.kind}\\b`));
    await card.locator('button').click();
    const mine = page.locator(`#my-tasks [data-task="${task.id}"]`);
    await mine.waitFor();

    // The case page, from the task's card: the claim made the lawyer its assignee.
    await mine.locator(`a[href="/app/cases/${logged.caseId}"]`).click();
    await page.waitForSelector('#case-title');
    await page.locator('#status', { hasText: 'вы' }).waitFor();
    // A note first: an event of the case, so the page must read the case's new version before the next change.
    await page.fill('#note', 'Позвонил, договорились о встрече');
    await page.click('button:has-text("Добавить заметку")');
    await page.locator('#history', { hasText: 'Добавлена заметка' }).waitFor();
    const status = (await page.getAttribute('#status-steps button[data-status]', 'data-status'))!;
    await page.click(`button[data-status=${status}]`);
    await page.waitForSelector('.alert-ok');
    expect((await call<{ status: string }>('lawyer', 'GET', `/v1/cases/${logged.caseId}`)).status).toBe(
      status,
    );

    // A document: its kind picked, the file from the disk, then in the list and back byte for byte.
    await page.selectOption('#document-kind', 'court_ruling');
    await page.setInputFiles('#document-file', {
      name: 'постановление.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.click('#document-upload button[type=submit]');
    const listed = page.locator('#documents li', { hasText: 'постановление.pdf' });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('Решение суда');
    expect(await listed.textContent()).toContain('вы'); // uploaded by the reader
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      listed.locator('button:has-text("Скачать")').click(),
    ]);
    expect(download.suggestedFilename()).toBe('постановление.pdf');
    expect(readFileSync((await download.path())!)).toEqual(PDF);
    // A file of a kind an office never receives is refused, said next to the file field.
    await page.setInputFiles('#document-file', {
      name: 'tool.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]),
    });
    await page.click('#document-upload button[type=submit]');
    await page.waitForSelector('#document-file-error');
    expect(await page.getAttribute('#document-file', 'aria-invalid')).toBe('true');
    const documents = await call<{ items: unknown[] }>(
      'lawyer',
      'GET',
      `/v1/cases/${logged.caseId}/documents`,
    );
    expect(documents.items).toHaveLength(1);

    // A hearing scheduled from the case page, then its result.
    await page.selectOption('#hearing-kind', 'administrative_case');
    await page.fill('#hearing-starts', '2030-03-04T10:30');
    await page.fill('#hearing-court', 'Пресненский районный суд');
    await page.click('#schedule-hearing button[type=submit]');
    const hearing = page.locator('#case-hearings li', { hasText: 'Пресненский районный суд' });
    await hearing.waitFor();
    expect(await hearing.textContent()).toContain('4 мар. 2030 г., 10:30');
    await accessible(page, 'case-documents-hearings');
    await shoot(page, 'case-documents-hearings');
    await hearing.locator('select[name=result]').selectOption('postponed');
    await hearing.locator('input[name=note]').fill('Перенесли на неделю');
    await hearing.locator('button[type=submit]').click();
    await page.locator('#case-hearings li', { hasText: 'Отложено' }).waitFor();
    const view = await call<{ hearings: { result: string; startsAt: string }[] }>(
      'lawyer',
      'GET',
      `/v1/cases/${logged.caseId}`,
    );
    expect(view.hearings).toEqual([
      expect.objectContaining({ result: 'postponed', startsAt: '2030-03-04T07:30:00.000Z' }),
    ]);
    // The history says what happened in words.
    await page.locator('#history', { hasText: 'Записан итог заседания' }).waitFor();
    const history = (await page.textContent('#history'))!;
    expect(history).toContain('Приложен документ');
    expect(history).not.toMatch(/[a-z]+-[a-z]+/);

    // Back to the queue: the task completed with its result.
    await page.click('text=Мои задачи');
    await mine.waitFor();
    await mine.locator('input[name=result]').fill('Подал жалобу, приложил решение суда');
    await mine.locator('button[type=submit]').click();
    await mine.waitFor({ state: 'detached' });
    expect((await call<Task>('lawyer', 'GET', `/v1/tasks/${task.id}`)).status).toBe('done');
    await context.close();
  });

  it('shows the same person suggested at intake; confirmed by intake, not the same person, merged by a lawyer', async () => {
    const first = await logAppeal('Юлдашев Акмал', { passportNumber: 'AB1234567' });
    const second = await logAppeal('Юлдашев Акмаль', { passportNumber: 'AB1234567' });
    const third = await logAppeal('Юлдашев Акмал', { passportNumber: 'AB1234567', phone: '+79990001122' });
    expect(second.possibleDuplicates).toContain(first.caseId);
    expect(third.possibleDuplicates).toEqual(expect.arrayContaining([first.caseId, second.caseId]));
    const clientOf = async (caseId: string) =>
      (await call<{ client: { id: string } }>('admin', 'GET', `/v1/cases/${caseId}`)).client.id;

    const { context, page } = await open(`/app/cases/${third.caseId}`, undefined, 'en-US');
    await signIn(page, 'intake');
    await page.waitForSelector('#case-title');
    await page.click('#same-person summary');
    const firstCard = page.locator('#same-person li', { hasText: first.caseNumber });
    await firstCard.waitFor();
    expect(await firstCard.textContent()).toContain('Юлдашев Акмал');
    // Intake judges pairs but does not merge.
    expect(await firstCard.locator('button:has-text("Merge")').count()).toBe(0);
    await accessible(page, 'same-person');
    await shoot(page, 'case-same-person');
    await firstCard.getByRole('button', { name: 'The same person', exact: true }).click();
    await page.locator('.alert-ok', { hasText: 'Marked: the same person.' }).waitFor();
    const secondCard = page.locator('#same-person li', { hasText: second.caseNumber });
    await secondCard.getByRole('button', { name: 'Not the same person', exact: true }).click();
    await page.locator('.alert-ok', { hasText: 'Marked: not the same person.' }).waitFor();
    const thirdClient = await clientOf(third.caseId);
    const record = await call<{ samePersonAs: string[]; notSamePersonAs: string[] }>(
      'admin',
      'GET',
      `/v1/clients/${thirdClient}`,
    );
    expect(record.samePersonAs).toEqual([await clientOf(first.caseId)]);
    expect(record.notSamePersonAs).toEqual([await clientOf(second.caseId)]);
    await context.close();

    // A lawyer folds the second case's client into the first's.
    const lawyer = await open(`/app/cases/${second.caseId}`);
    await signIn(lawyer.page, 'lawyer');
    await lawyer.page.click('#same-person summary');
    const card = lawyer.page.locator('#same-person li', { hasText: first.caseNumber });
    await card.locator('button:has-text("Объединить карточки")').click();
    await lawyer.page.locator('.alert-ok', { hasText: 'Карточки объединены.' }).waitFor();
    const merged = await call<{ mergedInto: string }>(
      'admin',
      'GET',
      `/v1/clients/${await clientOf(second.caseId)}`,
    );
    expect(merged.mergedInto).toBe(await clientOf(first.caseId));
    await lawyer.context.close();
  });

  it('admins: a case’s and a user’s access log; follow-up rules with their basis, changed and reset', async () => {
    const logged = await logAppeal('Каримова Дилноза');
    // The intake worker who logged it opens the case: a read of the person, in the log.
    await call('intake', 'GET', `/v1/cases/${logged.caseId}`);

    const { context, page } = await open(`/app/cases/${logged.caseId}`);
    await signIn(page, 'admin');
    // The history names who did each thing (an admin may list the users), never an id.
    const logEntry = page.locator('#history tr', { hasText: 'Обращение принято' });
    await logEntry.locator('td', { hasText: users.intake.email }).waitFor();
    expect(await page.textContent('#history')).not.toContain(users.intake.id);
    await page.click('#case-access-log');
    await page.waitForSelector('#access-log tbody tr');
    const log = (await page.textContent('#access-log'))!;
    expect(log).toContain('Открыл дело');
    expect(log).toContain(users.intake.email);
    expect(log).toContain('Приём');
    // By the case number, and a user's whole log.
    await page.fill('#access-case', logged.caseNumber);
    await page.click('#access-by-case button[type=submit]');
    await page.locator('h2', { hasText: logged.caseNumber }).waitFor();
    await page.fill('#access-case', '0000-000000');
    await page.click('#access-by-case button[type=submit]');
    await page.waitForSelector('#access-case-error');
    await page.selectOption('#access-user', users.intake.id);
    await page.click('#access-by-user button[type=submit]');
    await page.locator('#access-log tbody tr', { hasText: 'Открыл дело' }).first().waitFor();
    await accessible(page, 'access-log');
    await shoot(page, 'access-log');

    // The header is one row at 1280 px: every part of it starts within 20 px of the highest one.
    const tops = await page.evaluate<number[]>(
      `[...document.querySelectorAll('header.top nav > *, header.top > :not(nav)')].map((e) => e.getBoundingClientRect().top)`,
    );
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(20);
    // Follow-up rules, from the header's "Управление" menu, opened and followed from the keyboard.
    await page.focus('#nav-admin');
    await page.keyboard.press('Enter');
    await page.locator('#nav-admin-list a', { hasText: 'Правила' }).waitFor();
    expect(await page.getAttribute('#nav-admin', 'aria-expanded')).toBe('true');
    await accessible(page, 'nav-admin-open');
    await shoot(page, 'nav-admin-open');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#nav-admin-list', { state: 'hidden' });
    expect(await page.evaluate('document.activeElement.id')).toBe('nav-admin');
    await page.keyboard.press('Enter');
    for (const link of ['Пользователи', 'Журнал доступа', 'Правила']) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe(link);
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector('#rules-clocks tbody tr');
    await page.waitForSelector('#nav-admin-list', { state: 'hidden' });
    expect(await page.textContent('#rules-source')).toContain('установки');
    expect(await page.textContent('#rules-clocks')).toMatch(/КоАП|KoAP|ст\.|art\./);
    // Terms in words ("3 часа", "10 дней"), not ISO-8601 codes.
    expect(await page.textContent('#rules-clocks')).toContain('3 часа');
    expect(await page.textContent('#rules-clocks')).not.toMatch(/\bPT?\d+[A-Z]\b/);
    // Appeal types and tasks in words: no code (`expulsion_order`, `file_appeal`) on screen.
    expect(await page.textContent('#rules-appeals')).toContain('Задержание');
    expect(await page.textContent('#rules-appeals')).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    await accessible(page, 'rules');
    await shoot(page, 'rules');
    const rules = JSON.parse(await page.inputValue('#rules-json')) as {
      clocks: { basis: string }[];
      appealRules: { task: { due: string } }[];
    };
    const original = structuredClone(rules);
    rules.appealRules[0].task.due = 'soon';
    await page.fill('#rules-json', JSON.stringify(rules));
    await page.click('#rules-edit button[type=submit]');
    await page.waitForSelector('#rules-json-error');
    expect(await page.textContent('#rules-json-error')).toContain('task.due');
    // Meanwhile another admin changes them: this page's version is stale, it offers to re-apply.
    await call('admin', 'PUT', '/v1/follow-up-rules', { rules: original, expectedVersion: 0 });
    rules.appealRules[0].task.due = 'PT2H';
    rules.clocks[0].basis = 'Проверено юристом организации';
    await page.fill('#rules-json', JSON.stringify(rules));
    await page.click('#rules-edit button[type=submit]');
    await page.click('#rules-reapply');
    await page.locator('#rules-source', { hasText: 'версия 2' }).waitFor();
    expect(await page.textContent('#rules-clocks')).toContain('Проверено юристом организации');
    await page.click('button:has-text("Вернуть правила установки")');
    await page.locator('#rules-source', { hasText: 'установки' }).waitFor();
    expect((await call<{ source: string }>('admin', 'GET', '/v1/follow-up-rules')).source).toBe(
      'installation',
    );
    await context.close();
  });

  it('says a case rule’s refusal (422) in the reader’s language, by its reason code', async () => {
    const logged = await logAppeal('Рахимов Олим');
    await call('coordinator', 'POST', `/v1/cases/${logged.caseId}/assignment`, {
      assigneeId: users.lawyer.id,
      expectedVersion: 1,
    });
    await call('coordinator', 'POST', `/v1/cases/${logged.caseId}/status`, {
      status: 'triaged',
      expectedVersion: 2,
    });
    const { context, page } = await open(`/app/cases/${logged.caseId}`);
    await signIn(page, 'lawyer');
    await page.waitForSelector('button[data-status=in_progress]');
    // Meanwhile a coordinator closes the case: the lawyer's move meets a 409, and re-applied, the rules.
    await call('coordinator', 'POST', `/v1/cases/${logged.caseId}/close`, {
      outcome: 'referred',
      expectedVersion: 3,
    });
    const answered = page.waitForResponse((r) => r.url().endsWith('/status') && r.status() === 422);
    await page.click('button[data-status=in_progress]');
    await page.click('#reapply');
    expect(await (await answered).json()).toMatchObject({
      error: 'rule_violation',
      reason: 'status_move_not_allowed',
      details: { from: 'closed', to: 'in_progress' },
    });
    const refusal = page.locator('.alert-error', { hasText: 'Дело нельзя перевести' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('Дело нельзя перевести из состояния «Закрыто» в «В работе».');
    await accessible(page, 'case-refused');
    // The same refusal in English: the server's own words are never shown for a known reason.
    await page.click('header button[lang=en]');
    await page.click('#reapply');
    await page
      .locator('.alert-error', { hasText: 'The case cannot go from “Closed” to “In progress”.' })
      .waitFor();
    expect(await page.textContent('main')).not.toContain('Cannot change the status');
    await context.close();
  });

  it('everyone: their own notification settings, quiet hours in their time zone; a wrong zone said by its field', async () => {
    const { context, page } = await open('/app/notifications', { width: 390, height: 844 });
    await signIn(page, 'lawyer');
    await page.waitForSelector('#notifications');
    // On a phone the header wraps but nothing is wider than the screen, its menus' panels neither.
    const fits = () =>
      page.evaluate<boolean>(
        `[...document.querySelectorAll('header.top *')].every((e) => {
          const r = e.getBoundingClientRect();
          return r.width === 0 || (r.left >= 0 && r.right <= window.innerWidth);
        })`,
      );
    expect(await fits()).toBe(true);
    await page.click('#nav-own');
    await page.locator('#nav-own-list a', { hasText: 'Учётная запись' }).waitFor();
    expect(await fits()).toBe(true);
    await accessible(page, 'nav-phone');
    await shoot(page, 'nav-phone');
    await page.click('#notify-email'); // a click elsewhere closes it
    await page.waitForSelector('#nav-own-list', { state: 'hidden' });
    expect(await page.inputValue('#notify-email')).toBe(users.lawyer.email);
    await page.fill('#notify-email', 'alerts@demo.org');
    await page.check('#notify-quiet');
    await page.fill('#notify-quietFrom', '23:00');
    await page.fill('#notify-quietTo', '06:30');
    await page.fill('#notify-timeZone', 'Mars/Olympus');
    await page.click('#notifications button[type=submit]');
    await page.waitForSelector('#notify-timeZone-error');
    // Said by the check that failed (constraint isTimeZone), in Russian, not the server's English.
    expect(await page.textContent('#notify-timeZone-error')).toBe(
      'Нужен часовой пояс из базы IANA, например Europe/Moscow или Asia/Dushanbe.',
    );
    await page.click('header button[lang=en]');
    await page.click('#notifications button[type=submit]');
    await page
      .locator('#notify-timeZone-error', { hasText: 'An IANA time zone is needed, such as Europe/Moscow' })
      .waitFor();
    await page.click('header button[lang=ru]');
    await page.fill('#notify-timeZone', 'Asia/Tashkent');
    await page.click('#notifications button[type=submit]');
    await page.waitForSelector('.alert-ok');
    expect(await call('lawyer', 'GET', '/v1/me/notifications')).toMatchObject({
      email: 'alerts@demo.org',
      quietHours: { from: '23:00', to: '06:30', timeZone: 'Asia/Tashkent' },
    });
    await accessible(page, 'notifications');
    await shoot(page, 'notifications');
    await context.close();
  });
});
