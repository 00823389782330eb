@echo off
rem The commune site agent: reads diem-cau.txt beside this file and runs diemcau-agent.mjs
rem with the node.exe beside it (nothing to install). Double-click it, or see DOC-TRUOC.txt.
setlocal
cd /d "%~dp0"
"%~dp0node.exe" "%~dp0khoi-dong.mjs" %*
set "DIEMCAU_EXIT=%ERRORLEVEL%"
rem Keep the window open on a problem so its message can be read (not when run unattended).
if not "%DIEMCAU_EXIT%"=="0" if not defined DIEMCAU_NO_PAUSE pause
exit /b %DIEMCAU_EXIT%
