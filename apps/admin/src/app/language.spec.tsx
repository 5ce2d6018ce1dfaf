import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../test/harness';
import { AppRoutes } from './App';
import { i18n, initI18n, LANGUAGE_STORAGE_KEY, storedLanguage } from './i18n';

describe('language', () => {
  it('defaults to Chinese, switches to English and back, and remembers the choice', async () => {
    expect(storedLanguage()).toBe('zh-CN');
    renderWithApp(<AppRoutes />, { path: '/login', language: storedLanguage() });
    await waitFor(() => expect(screen.getByTestId('login-title').textContent).toBe('登录 Arrears'), { timeout: 5000 });
    expect(screen.getByTestId('login-submit').textContent).toBe('登录');
    expect(document.documentElement.lang).toBe('zh-CN');

    fireEvent.click(screen.getByTestId('lang-en'));
    await waitFor(() => expect(screen.getByTestId('login-title').textContent).toBe('Sign in to Arrears'));
    expect(screen.getByTestId('login-submit').textContent).toBe('Sign in');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(storedLanguage()).toBe('en');
    expect(document.documentElement.lang).toBe('en');

    // antd's own texts follow (the password field's "show password" label comes from its locale).
    fireEvent.click(screen.getByTestId('lang-zh'));
    await waitFor(() => expect(screen.getByTestId('login-title').textContent).toBe('登录 Arrears'));
    expect(i18n.language).toBe('zh-CN');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('zh-CN');
  });

  it('validates the form in the current language', async () => {
    renderWithApp(<AppRoutes />, { path: '/login', language: 'en' });
    await waitFor(() => expect(screen.getByTestId('login-submit')).toBeTruthy(), { timeout: 5000 });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByText('Enter your email')).toBeTruthy());
  });

  it('has the same texts in both languages and reports a key with no text', () => {
    initI18n('en');
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    const en = keys(i18n.getResourceBundle('en', 'translation') as object).sort();
    const zh = keys(i18n.getResourceBundle('zh-CN', 'translation') as object).sort();
    expect(zh).toEqual(en);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(i18n.t('accountStatus.ACTIVE')).toBe('Active');
    expect(i18n.t('account.rules.someNewRule', { defaultValue: 'someNewRule' })).toBe('someNewRule');
    expect(warn).not.toHaveBeenCalled();
    i18n.t('no.such.key');
    expect(warn).toHaveBeenCalledWith('[i18n] missing text for "no.such.key"');
    warn.mockRestore();
  });
});
