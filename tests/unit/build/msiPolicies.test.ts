import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MANAGED_SETTINGS } from '../../../src-shared/domain/managedConfig';

const require = createRequire(import.meta.url);
const hook = require('../../../build/msiProjectCreated.js') as {
  addPolicySettings(wxs: string): string;
  SETTINGS: [string, string, string][];
};

/** electron-builder's own MSI template, rendered the simple way (directives out, placeholders filled). */
function renderedTemplate(): string {
  return readFileSync('node_modules/app-builder-lib/templates/msi/template.xml', 'utf8')
    .replace(/\{\{-?\s*(files|dirs)\s*\}\}/g, '')
    .replace(/^\s*\{\{.*\}\}-?\s*$/gm, '')
    .replace(/\$\{(\w+)\}/g, (_match, name: string) => (name === 'version' ? '0.1.0' : `x${name}`));
}

describe('the MSI takes IT’s settings as properties (DP-2)', () => {
  it('adds a secure property and a conditional HKLM policy value for every managed setting', () => {
    const wxs = hook.addPolicySettings(renderedTemplate());
    const errors: string[] = [];
    const document = new DOMParser({
      onError: (level, message) => void (level !== 'warning' && errors.push(message)),
    }).parseFromString(wxs, 'text/xml');
    expect(errors).toEqual([]);

    const properties = [...document.getElementsByTagName('Property')].map((node) => node.getAttribute('Id'));
    const values = [...document.getElementsByTagName('RegistryValue')];
    expect(values.map((node) => node.getAttribute('Name')).sort()).toEqual(
      MANAGED_SETTINGS.map((name) => name.charAt(0).toUpperCase() + name.slice(1))
        .concat('Enforced')
        .sort(),
    );
    for (const value of values) {
      expect(value.getAttribute('Root')).toBe('HKLM');
      expect(value.getAttribute('Key')).toBe('SOFTWARE\\Policies\\Tandem');
      const property = /^\[(\w+)\]$/.exec(value.getAttribute('Value') ?? '')![1]!;
      expect(properties).toContain(property);
      // Written only when IT passes the property.
      expect((value.parentNode as XmlElement).getElementsByTagName('Condition')[0]?.textContent).toBe(property);
    }
    const feature = [...document.getElementsByTagName('Feature')].find(
      (node) => node.getAttribute('Id') === 'ProductFeature',
    )!;
    expect([...feature.getElementsByTagName('ComponentGroupRef')].map((node) => node.getAttribute('Id'))).toContain(
      'TandemPolicies',
    );
    expect(wxs).toContain('<Property Id="ENROLLMENTTOKEN" Secure="yes" Hidden="yes"/>');
  });

  it('refuses to guess when electron-builder’s template changes shape', () => {
    expect(() => hook.addPolicySettings('<Wix><Product></Product></Wix>')).toThrow(/The MSI project has changed/);
  });
});
