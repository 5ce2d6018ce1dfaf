export { TokenService, InvalidTokenError, type IssuedToken } from './token.service.js';
export { hashPassword, verifyPassword, checkPassword, DUMMY_PASSWORD_HASH, PASSWORD_POLICY, checkPasswordPolicy, type PasswordCheck } from './passwords.js';
export { bearerToken } from './bearer.js';
