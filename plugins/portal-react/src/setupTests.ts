import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs every package's tests at once on two cores: a screen that needs a
// few fetches and a permission answer can take longer than the default 1 s.
configure({ asyncUtilTimeout: 5000 });
