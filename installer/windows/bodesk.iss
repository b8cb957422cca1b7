; Inno Setup script: bodesk-<version>-setup.exe from PyInstaller's one-folder build (dist\bodesk).
;
;   iscc /DAppVersion=0.1.0 installer\windows\bodesk.iss
;
; Installs per user by default (no administrator needed; an office manager can run it), with a
; Start-menu entry, an optional desktop icon and an uninstaller (Settings › Apps). The workspace in
; %LOCALAPPDATA%\bodesk is the user's data and is left in place on uninstall.
; AppVersion comes from bodesk/__init__.py (the workflow passes it); the default is for a quick local try.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "bodesk"
; Paths are relative to this script's folder: the repository is two levels up.
#define Repo "..\.."

[Setup]
AppId={{6F0C2E47-1B9A-4C55-9B1D-6E3A1D2B7C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=bodesk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Repo}\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#Repo}\resources\icons\bodesk.ico
UninstallDisplayIcon={app}\bodesk.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running bodesk holds its files open: ask to close it before installing or removing.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Repo}\dist\bodesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\bodesk.exe"; IconFilename: "{app}\bodesk.exe"
Name: "{group}\{#AppName} demo"; Filename: "{app}\bodesk.exe"; Parameters: "--demo"; IconFilename: "{app}\bodesk.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\bodesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\bodesk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
; Tesseract OCR is not bundled (see installer/README.md); offer its download page, unticked.
Filename: "https://github.com/UB-Mannheim/tesseract/wiki"; Description: "Open the Tesseract OCR download page (needed to read scanned invoices)"; Flags: postinstall shellexec skipifsilent unchecked
