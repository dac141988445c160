; Inno Setup 6 script: per-user installer for the Windows bundle (no administrator rights).
;
; Build (see packaging\README.md):
;   py -m PyInstaller --noconfirm --distpath dist --workpath build packaging\willkommensordner.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\willkommensordner.iss
; Output: dist\installer\Willkommensordner-<version>-Setup.exe
;
; The program goes to %LOCALAPPDATA%\Programs\Willkommensordner. The vault and settings are
; NOT in the program folder: the app keeps them in the user's profile
; (%LOCALAPPDATA%\Willkommensordner, via platformdirs), so updating or uninstalling never
; touches them.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (the value of willkommensordner.__version__)
#endif

#define AppName "Willkommensordner"
#define AppPublisher "Willkommensordner digital"
#define GuiExe "Willkommensordner.exe"
#define BundleDir "..\..\dist\willkommensordner"

[Setup]
; The AppId identifies the app for updates and the uninstaller: never change it.
AppId={{DE326108-C538-43F4-890C-F6F736004DED}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} digital {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={localappdata}\Programs\{#AppName}
DisableDirPage=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=Willkommensordner-{#AppVersion}-Setup
SetupIconFile=willkommensordner.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} digital
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
de.AppComment=Verschlüsselte Akten, Infoseiten und Willkommensordner für Beratende
en.AppComment=Encrypted dossiers, information pages and welcome folders for counsellors

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: the windowed program, willkommensordner-cli.exe and _internal\.
; A portable.txt (or a test vault folder) would move the vault into the program folder: never
; install one, even if the build folder was used for a stick.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Excludes: "portable.txt,Willkommensordner-Daten"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of the previous version's bundle that the new one may no longer have.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Messages]
de.FinishedLabel=Die Einrichtung von [name] ist abgeschlossen. Ihre Akten liegen verschlüsselt in Ihrem Benutzerprofil.
en.FinishedLabel=Setup has finished installing [name]. Your dossiers are kept, encrypted, in your user profile.

; Uninstalling removes only what was installed into {app}; the profile folder with the vault
; is left alone on purpose: uninstalling must never destroy dossiers.
[UninstallDelete]
Type: dirifempty; Name: "{app}"
