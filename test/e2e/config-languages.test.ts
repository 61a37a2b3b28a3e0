import { describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { VoiceConfig } from '../../contracts/config.js';
import { consoleInChromium } from './console-in-chromium.js';
import { screenshot } from './screenshots.js';

/**
 * Issue 14, section 2, in Chromium against the built console: a config written in two languages
 * from the form alone, with the keyboard (Enter adds a language, the focus moves to what it
 * created): a Spanish voice and the questions in Spanish, saved and stored as the bot reads them.
 */
describe('config languages in Chromium', () => {
  const chromium = consoleInChromium();

  it('adds a voice and question texts for Spanish from the keyboard, and saves them', async () => {
    const server = chromium.server();
    const { context, page } = await chromium.signIn({ width: 1280, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Configs', exact: true }).click();
    await page.getByRole('button', { name: 'New config' }).click();
    await page.locator('#field-name').fill('Entrevista backend');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.locator('#field-configJson-interview-questions-0-text').fill('Tell me about a system you built.');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.locator('#field-configJson-interview-questions-1-text').fill('Describe a conflict in your team.');

    // The voice for Spanish: typed, Enter, and the new field has the focus.
    await page.locator('#add-voice-language').fill('es');
    await page.locator('#add-voice-language').press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-configJson-voice-voice_ids_by_language-es');
    await page.keyboard.type('5c5ad5e7-1020-476b-8b91-fdcbe9cc313c');

    // Spanish texts: the language added with Enter, then each question typed where the focus lands / Tab leads.
    await page.locator('#add-translation-language').fill('es');
    await page.locator('#add-translation-language').press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-configJson-interview-questions-0-translations-es');
    await page.keyboard.type('Háblame de un sistema que hayas construido.');
    await page.locator('#field-configJson-interview-questions-1-translations-es').fill('   ');
    await page.locator('#field-configJson-interview-questions-1-translations-es-error').waitFor();
    expect(await page.getByRole('button', { name: 'Create config' }).isDisabled()).toBe(true);
    await page.locator('#field-configJson-interview-questions-1-translations-es').fill('Describe un conflicto en tu equipo.');
    await page.getByTestId('config-validity').filter({ hasText: 'Valid' }).waitFor();
    await page.locator('#translation-language').scrollIntoViewIfNeeded();
    await screenshot(page, 'config-languages-questions');
    await page.locator('#add-voice-language').scrollIntoViewIfNeeded();
    await screenshot(page, 'config-languages-voice');

    await page.getByRole('button', { name: 'Create config' }).click();
    await page.waitForURL(/\/configs\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').at(-1) ?? '';
    const stored = await server.call<ApiSuccess<VoiceConfig>>('GET', `/api/voice/configs/${id}`);
    expect(stored.json.data.configJson.voice.voice_ids_by_language).toEqual({ es: '5c5ad5e7-1020-476b-8b91-fdcbe9cc313c' });
    expect(stored.json.data.configJson.interview.questions.map((question) => question.translations)).toEqual([
      { es: 'Háblame de un sistema que hayas construido.' },
      { es: 'Describe un conflicto en tu equipo.' },
    ]);
    // Opened again, the editor shows the Spanish texts without asking.
    await page.locator('#field-configJson-interview-questions-1-translations-es').waitFor();
    expect(await page.locator('#translation-language').inputValue()).toBe('es');
    await context.close();
  });
});
