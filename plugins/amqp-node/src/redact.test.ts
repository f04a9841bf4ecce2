import { createErrorDescriber } from './redact';

describe('createErrorDescriber', () => {
  const describe_ = createErrorDescriber('amqp://app:s3cret@broker:5672/prod');

  it('never shows the password', () => {
    expect(
      describe_(
        new Error(
          'connect to amqp://app:s3cret@broker:5672/prod failed (s3cret)',
        ),
      ),
    ).not.toContain('s3cret');
  });

  it('explains a refused handshake', () => {
    expect(
      describe_(
        new Error('Expected ConnectionOpenOk; got <ConnectionClose channel:0>'),
      ),
    ).toMatch(/virtual host does not exist or the user may not use it/);
  });
});
