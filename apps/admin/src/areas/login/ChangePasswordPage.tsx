import { LockOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { LanguageSwitch } from '../../app/layout/LanguageSwitch';
import { useSession } from '../../app/session';
import { ChangePasswordMutation } from '../../app/session-operations';
import { errorMessage } from '../../shared/errors';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The server's policy minimum (PASSWORD_POLICY in @arrears/auth); the server decides, this only hints. */
const MIN_LENGTH = 10;
const REASONS = ['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_LONG', 'PASSWORD_UNCHANGED', 'CURRENT_PASSWORD_INCORRECT'];

/** A refusal in the user's language from its stable reason code; any other error as the server said it. */
export function passwordRefusal(error: unknown, t: TFunction): string {
  if (CombinedGraphQLErrors.is(error)) {
    const ext = error.errors[0]?.extensions as { reason?: unknown; params?: Record<string, unknown> } | undefined;
    if (typeof ext?.reason === 'string' && REASONS.includes(ext.reason)) return t(`password.reason.${ext.reason}`, ext.params ?? {});
  }
  return errorMessage(error);
}

/**
 * Change your own password (current + new). Also the only screen after an admin's reset: the server
 * answers PASSWORD_CHANGE_REQUIRED to everything else until the password is changed. The answer
 * carries a fresh token (the server ended every other session) and a new refresh cookie.
 */
export function ChangePasswordForm({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [form] = Form.useForm<PasswordForm>();
  const [change, { loading }] = useMutation(ChangePasswordMutation);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: PasswordForm) => {
    setFailure(null);
    try {
      const result = await change({ variables: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
      const payload = result.data?.changePassword;
      if (!payload) throw new Error('empty response');
      session.signIn(payload);
      form.resetFields();
      void message.success(t('password.changed'));
    } catch (error) {
      setFailure(passwordRefusal(error, t));
    }
  };

  return (
    <Form<PasswordForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} style={{ maxWidth: 400 }}>
      {forced ? <Alert type="warning" showIcon title={t('password.forcedHint')} style={{ marginBottom: 16 }} data-testid="password-forced" /> : null}
      {failure ? <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="password-error" /> : null}
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.currentRequired') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.next')}
        extra={t('password.policy', { min: MIN_LENGTH })}
        rules={[{ required: true, message: t('password.nextRequired') }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.nextRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
          }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={loading} data-testid="password-submit">
        {t('password.submit')}
      </Button>
    </Form>
  );
}

/** The page in the app (any role): /account/password. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="change-password-page">
      <Typography.Title level={3}>{t('password.title')}</Typography.Title>
      <Card>
        <ChangePasswordForm />
      </Card>
    </div>
  );
}

/** After an admin's reset: nothing else of the app until the password is changed (or the user signs out). */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  const { signOut } = useSession();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f7f9fc', padding: 16 }}>
      <Card style={{ width: 440, maxWidth: '100%' }} data-testid="forced-password-change">
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <LanguageSwitch />
        </div>
        <Typography.Title level={3}>{t('password.forcedTitle')}</Typography.Title>
        <ChangePasswordForm forced />
        <Button type="link" onClick={() => void signOut()} style={{ paddingLeft: 0, marginTop: 8 }} data-testid="sign-out">
          {t('app.signOut')}
        </Button>
      </Card>
    </div>
  );
}
