/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads this hook with require(). */
// electron-builder's msiProjectCreated hook (DP-2): the MSI takes IT's settings as public
// properties and writes them to HKLM\SOFTWARE\Policies\Tandem, where Tandem reads its managed
// configuration. Each value is written only when its property is given:
//   msiexec /i Tandem.msi /qn CLOUDURL=https://tandem.example.com ENROLLMENTTOKEN=enrol_… ^
//           INSIGHTSLOGGING=after_confirmation ENFORCED="CloudUrl,InsightsLogging"
const { readFile, writeFile } = require('node:fs/promises');

/** Public property → registry value (name, type). */
const SETTINGS = [
  ['CLOUDURL', 'CloudUrl', 'string'],
  ['ENROLLMENTTOKEN', 'EnrollmentToken', 'string'],
  ['QUICKSUPPORTMODULE', 'QuickSupportModule', 'string'],
  ['INSIGHTSLOGGING', 'InsightsLogging', 'string'],
  ['UPDATECHANNEL', 'UpdateChannel', 'string'],
  ['ALLOWUPDATEPOSTPONE', 'AllowUpdatePostpone', 'integer'],
  ['KEEPHELPSESSION', 'KeepHelpSession', 'integer'],
  ['STARTATLOGIN', 'StartAtLogin', 'integer'],
  ['ENFORCED', 'Enforced', 'string'],
];
const KEY = 'SOFTWARE\\Policies\\Tandem';

/** The project with the properties declared, one conditional component per setting, and their group in the product's feature. */
function addPolicySettings(wxs) {
  const anchors = [
    '<Property Id="DISABLEADVTSHORTCUTS" Value="1"/>',
    '<ComponentGroupRef Id="ProductComponents"/>',
    '</Product>',
  ];
  for (const anchor of anchors) {
    if (wxs.split(anchor).length !== 2) throw new Error(`The MSI project has changed: expected one ${anchor}.`);
  }
  const properties = SETTINGS.map(
    ([property]) => `<Property Id="${property}" Secure="yes"${property === 'ENROLLMENTTOKEN' ? ' Hidden="yes"' : ''}/>`,
  ).join('\n    ');
  const components = SETTINGS.map(
    ([property, name, type]) => `<Component Id="TandemPolicy${name}" Guid="*">
        <Condition>${property}</Condition>
        <RegistryValue Root="HKLM" Key="${KEY}" Name="${name}" Type="${type}" Value="[${property}]" KeyPath="yes"/>
      </Component>`,
  ).join('\n      ');
  return wxs
    .replace(anchors[0], `${anchors[0]}\n    ${properties}`)
    .replace(anchors[1], `${anchors[1]}\n      <ComponentGroupRef Id="TandemPolicies"/>`)
    .replace(
      anchors[2],
      `  <ComponentGroup Id="TandemPolicies" Directory="APPLICATIONFOLDER">\n      ${components}\n    </ComponentGroup>\n  ${anchors[2]}`,
    );
}

module.exports = async function msiProjectCreated(projectFile) {
  await writeFile(projectFile, addPolicySettings(await readFile(projectFile, 'utf8')));
};
module.exports.addPolicySettings = addPolicySettings;
module.exports.SETTINGS = SETTINGS;
