export interface Config {
  portal?: {
    signIn?: {
      /**
       * Sign-in options offered on the sign-in page, in order.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
