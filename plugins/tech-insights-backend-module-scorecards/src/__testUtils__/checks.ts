/** The README check, the one check every test track has. */
export const readmeCheck = {
  id: 'has-readme',
  name: 'README',
  description: 'A README at the root',
  remediation: 'Add README.md',
  rule: { fact: 'hasReadme', operator: 'equal', value: true },
};
