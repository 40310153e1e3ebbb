import { resetUrl } from './email-content';

describe('resetUrl', () => {
  it.each([
    ['https://taskhub.example', 'https://taskhub.example/reset-password?token=a-b_c'],
    ['https://taskhub.example/', 'https://taskhub.example/reset-password?token=a-b_c'],
    ['https://example.com/taskhub', 'https://example.com/taskhub/reset-password?token=a-b_c'],
  ])('should put the reset page under PUBLIC_WEB_URL %s', (base, expected) => {
    expect(resetUrl(base, 'a-b_c')).toBe(expected);
  });

  it('should encode the token as a query value', () => {
    expect(resetUrl('http://web.test', 'a+b/c=')).toBe('http://web.test/reset-password?token=a%2Bb%2Fc%3D');
  });
});
