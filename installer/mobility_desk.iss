; Inno Setup script for Windows: build the PyInstaller folder first, then
;   iscc installer\mobility_desk.iss
; The Start-menu shortcut starts the windowed MobilityDesk.exe (no console window).
[Setup]
AppName=Mobility Desk
AppVersion=0.1.0
DefaultDirName={autopf}\Mobility Desk
DefaultGroupName=Mobility Desk
OutputBaseFilename=MobilityDesk-setup
PrivilegesRequired=lowest
Compression=lzma2
SolidCompression=yes

[Languages]
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"

[Files]
Source: "..\dist\MobilityDesk\*"; DestDir: "{app}"; Flags: recursesubdirs

[Icons]
Name: "{group}\Mobility Desk"; Filename: "{app}\MobilityDesk.exe"
Name: "{autodesktop}\Mobility Desk"; Filename: "{app}\MobilityDesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"

[Run]
Filename: "{app}\MobilityDesk.exe"; Description: "{cm:LaunchProgram,Mobility Desk}"; Flags: nowait postinstall skipifsilent
