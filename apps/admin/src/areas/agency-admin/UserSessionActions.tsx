import { KeyOutlined, LogoutOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button, Form, Input, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserFieldsFragment } from '../../gql/graphql';
import { passwordRefusal } from '../login/ChangePasswordPage';
import { ResetPasswordMutation, SignOutEverywhereMutation } from './operations';

/** An agency admin's session actions on a user: sign them out everywhere, or reset their password. */
export function UserSessionActions({ user }: { user: UserFieldsFragment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [signOutEverywhere] = useMutation(SignOutEverywhereMutation);
  const [resetting, setResetting] = useState(false);

  const onSignOut = async () => {
    try {
      await signOutEverywhere({ variables: { userId: user.id } });
      void message.success(t('sessions.signedOutEverywhere', { name: user.displayName }));
    } catch (error) {
      void message.error(passwordRefusal(error, t));
    }
  };

  return (
    <>
      <Popconfirm
        title={t('sessions.confirmSignOutEverywhere', { name: user.displayName })}
        onConfirm={onSignOut}
        okText={t('common.yes')}
        cancelText={t('common.no')}
        okButtonProps={{ 'data-testid': 'confirm-sign-out-everywhere' } as never}
      >
        <Button size="small" icon={<LogoutOutlined />} data-testid={`user-sign-out-everywhere-${user.email}`}>
          {t('sessions.signOutEverywhere')}
        </Button>
      </Popconfirm>
      <Button size="small" icon={<KeyOutlined />} onClick={() => setResetting(true)} data-testid={`user-reset-password-${user.email}`}>
        {t('sessions.resetPassword')}
      </Button>
      {resetting ? <ResetPasswordModal user={user} onClose={() => setResetting(false)} /> : null}
    </>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserFieldsFragment; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ temporaryPassword: string }>();
  const [reset, { loading }] = useMutation(ResetPasswordMutation);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    const { temporaryPassword } = await form.validateFields();
    setFailure(null);
    try {
      await reset({ variables: { userId: user.id, temporaryPassword } });
      void message.success(t('sessions.resetDone', { name: user.displayName }));
      onClose();
    } catch (error) {
      setFailure(passwordRefusal(error, t));
    }
  };

  return (
    <Modal
      open
      title={t('sessions.resetTitle', { name: user.displayName })}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={loading}
      okText={t('sessions.resetPassword')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'reset-password-submit' } as never}
    >
      <Typography.Paragraph type="secondary">{t('sessions.resetHint')}</Typography.Paragraph>
      {failure ? <Typography.Paragraph type="danger" data-testid="reset-password-error">{failure}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical">
        <Form.Item name="temporaryPassword" label={t('sessions.temporaryPassword')} extra={t('password.policy', { min: 10 })} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" data-testid="reset-password-value" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
