import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../../app/layout/LanguageSwitch';
import { canOpen, HOME } from '../../app/routes';
import type { Role } from '../../app/roles';
import { useSession } from '../../app/session';
import { LoginMutation } from '../../app/session-operations';
import { errorCodeOf, errorMessage } from '../../shared/errors';

interface LoginForm {
  email: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [login, { loading }] = useMutation(LoginMutation);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('login.submit')} · ${t('app.name')}`;
  }, [t]);

  if (session.token && session.role) {
    return <Navigate to={HOME[session.role]} replace />;
  }

  const onFinish = async (values: LoginForm) => {
    setFailure(null);
    try {
      const result = await login({ variables: { email: values.email.trim(), password: values.password } });
      const payload = result.data?.login;
      if (!payload) throw new Error('empty response');
      session.signIn(payload);
      const role = payload.me.role as Role;
      void navigate(from && from !== '/' && canOpen(role, from.split('?')[0] ?? '') ? from : HOME[role], { replace: true });
    } catch (error) {
      setFailure(
        errorCodeOf(error) === 'UNAUTHENTICATED' ? t('login.badCredentials') : t('login.failed', { message: errorMessage(error) }),
      );
    }
  };

  const notice = session.endReason ? t(`login.${session.endReason}`) : null;

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #eef3fb 0%, #f7f9fc 100%)',
        padding: 16,
      }}
    >
      <div
        data-testid="login-card"
        style={{ width: 400, maxWidth: '100%', background: '#fff', borderRadius: 8, padding: 24, boxShadow: '0 6px 24px rgba(31,95,191,0.08)' }}
      >
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <LanguageSwitch />
        </div>
        <Typography.Title level={3} style={{ marginTop: 8 }} data-testid="login-title">
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {notice ? (
          <Alert
            data-testid="session-notice"
            type={session.endReason === 'signedOut' ? 'info' : 'warning'}
            showIcon
            title={notice}
            closable={{ onClose: session.clearEndReason }}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        {failure ? (
          <Alert data-testid="login-error" type="error" showIcon title={failure} style={{ marginBottom: 16 }} />
        ) : null}
        <Form<LoginForm> layout="vertical" onFinish={(values) => void onFinish(values)} requiredMark={false}>
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[{ required: true, message: t('login.emailRequired') }]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" data-testid="login-email" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={loading} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </div>
    </div>
  );
}
