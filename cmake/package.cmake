# The Debian packages, built by "cpack -G DEB" from a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr (README: "Installing the Debian package"):
#
#   dueday            the command, its programs and data, /etc/dueday, the
#                     systemd units, the dueday user and /var/lib/dueday
#   libdueday-core0   libdueday-core.so.0 (dates, holidays, working days)
#   libdueday0        libdueday.so.0 (the register, feeds, mail, reminders)
#   libdueday-dev     headers, static libraries, .so links, .pc files
#
# The programs link the static libraries, so dueday depends on neither
# shared library: a sysadmin installs one package, a developer the -dev.
# What only the packages ship (the conffile with the register in
# /var/lib/dueday, units that run /usr/bin/dueday, the compressed man page,
# the copyright and changelog files) is the "debian" component, left out of
# a plain "cmake --install".

set(DUEDAY_DEB_MAINTAINER "dueday maintainers <maintainers@dueday.invalid>"
  CACHE STRING "The Maintainer of the Debian packages")
set(DUEDAY_SYSTEMD_UNITDIR "/lib/systemd/system"
  CACHE PATH "Where the Debian package puts the systemd units")

set(DUEDAY_DEB_DIR ${PROJECT_BINARY_DIR}/deb)

# Writes CONTENT to PATH unless PATH holds it already (so that the files
# made from it are not rebuilt at every configure); unlike configure_file,
# leaves "@" and "${" in the text alone.
function(dueday_write_if_changed path content)
  set(old "")
  if(EXISTS ${path})
    file(READ ${path} old)
  endif()
  if(NOT old STREQUAL content)
    file(WRITE ${path} "${content}")
  endif()
endfunction()
set(DUEDAY_DEB_SRC ${PROJECT_SOURCE_DIR}/packaging/deb)

# The packaged configuration: the shipped one with the register where the
# dueday user keeps it. A change to config/dueday.conf that loses the line
# fails here rather than shipping a register in the user's home.
file(READ ${PROJECT_SOURCE_DIR}/config/dueday.conf conf)
string(REPLACE "  # path = \"/var/lib/dueday/register.db\";"
  "  path = \"/var/lib/dueday/register.db\";" deb_conf "${conf}")
if(deb_conf STREQUAL conf)
  message(FATAL_ERROR "config/dueday.conf: the commented register path "
    "\"/var/lib/dueday/register.db\" the Debian package uncomments is gone")
endif()
dueday_write_if_changed(${DUEDAY_DEB_DIR}/dueday.conf "${deb_conf}")

# The packaged units: the shipped ones, running the installed program, and
# without the lines telling how to copy them into /etc/systemd/system.
set(DUEDAY_DEB_UNITS dueday-serve.service dueday-notify.service dueday-notify.timer
  dueday-backup.service dueday-backup.timer dueday-failure@.service)
foreach(unit IN LISTS DUEDAY_DEB_UNITS)
  file(READ ${PROJECT_SOURCE_DIR}/config/${unit} text)
  string(REGEX REPLACE "#   sudo install [^\n]*\\\\\n#[^\n]*\n" "" text "${text}")
  string(REGEX REPLACE "#   sudo install [^\n]*\n" "" text "${text}")
  string(FIND "${text}" "ExecStart=/usr/local/bin/dueday " at)
  # dueday-failure@.service runs logger, not dueday.
  if(unit MATCHES "service$" AND NOT unit MATCHES "@" AND at EQUAL -1)
    message(FATAL_ERROR "config/${unit}: no ExecStart=/usr/local/bin/dueday to replace")
  endif()
  string(REPLACE "/usr/local/bin/dueday" "${CMAKE_INSTALL_FULL_BINDIR}/dueday"
    text "${text}")
  dueday_write_if_changed(${DUEDAY_DEB_DIR}/${unit} "${text}")
endforeach()
list(TRANSFORM DUEDAY_DEB_UNITS PREPEND ${PROJECT_SOURCE_DIR}/config/
  OUTPUT_VARIABLE unit_sources)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/config/dueday.conf ${unit_sources})

# The Debian changelog each package carries (a native package's
# changelog.gz), from the one version in project(); its date honours
# SOURCE_DATE_EPOCH.
string(TIMESTAMP DUEDAY_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${DUEDAY_DEB_SRC}/changelog.in ${DUEDAY_DEB_DIR}/changelog @ONLY)

# Debian compresses man pages and long documents with gzip -9n (no name or
# time stamp inside, so the same input gives the same bytes).
find_program(GZIP_EXECUTABLE gzip)
set(deb_gz)
foreach(pair "${PROJECT_SOURCE_DIR}/docs/dueday.1|dueday.1.gz"
    "${DUEDAY_DEB_DIR}/changelog|changelog.gz"
    "${PROJECT_SOURCE_DIR}/CHANGELOG.md|CHANGELOG.md.gz")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 in)
  list(GET pair 1 out)
  add_custom_command(OUTPUT ${DUEDAY_DEB_DIR}/${out}
    COMMAND sh -c "\"$0\" -9nc <\"$1\" >\"$2\"" ${GZIP_EXECUTABLE} ${in}
            ${DUEDAY_DEB_DIR}/${out}
    DEPENDS ${in} VERBATIM)
  list(APPEND deb_gz ${DUEDAY_DEB_DIR}/${out})
endforeach()
if(GZIP_EXECUTABLE)
  add_custom_target(deb_files ALL DEPENDS ${deb_gz})
endif()

install(FILES ${DUEDAY_DEB_DIR}/dueday.conf
  DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/dueday
  COMPONENT debian EXCLUDE_FROM_ALL)
list(TRANSFORM DUEDAY_DEB_UNITS PREPEND ${DUEDAY_DEB_DIR}/ OUTPUT_VARIABLE deb_units)
install(FILES ${deb_units} DESTINATION ${DUEDAY_SYSTEMD_UNITDIR}
  COMPONENT debian EXCLUDE_FROM_ALL)
install(FILES ${DUEDAY_DEB_DIR}/dueday.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
  COMPONENT debian EXCLUDE_FROM_ALL)
install(FILES ${DUEDAY_DEB_DIR}/CHANGELOG.md.gz ${DUEDAY_DEB_SRC}/README.Debian
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/dueday COMPONENT debian EXCLUDE_FROM_ALL)
# The nginx sample for running behind a proxy (README: Running in
# production), as an example: an administrator copies and edits it.
install(FILES config/nginx/dueday.conf
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/dueday/examples/nginx
  COMPONENT debian EXCLUDE_FROM_ALL)
# Every package has its own copyright and changelog (Debian policy 12.5,
# 12.7).
foreach(pair "dueday|debian" "libdueday-core0|core-library" "libdueday0|library"
    "libdueday-dev|development")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 package)
  list(GET pair 1 component)
  install(FILES ${DUEDAY_DEB_SRC}/copyright ${DUEDAY_DEB_DIR}/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package}
    COMPONENT ${component} EXCLUDE_FROM_ALL)
endforeach()

# ---- CPack -------------------------------------------------------------------

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dueday)
set(CPACK_PACKAGE_VENDOR "the dueday authors")
set(CPACK_PACKAGE_CONTACT "${DUEDAY_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/package-config.cmake)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
set(CPACK_COMPONENTS_ALL programs debian core-library library development)
set(CPACK_COMPONENT_PROGRAMS_GROUP dueday)
set(CPACK_COMPONENT_DEBIAN_GROUP dueday)
set(CPACK_COMPONENT_CORE-LIBRARY_GROUP libdueday-core0)
set(CPACK_COMPONENT_LIBRARY_GROUP libdueday0)
set(CPACK_COMPONENT_DEVELOPMENT_GROUP libdueday-dev)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${DUEDAY_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR})

set(CPACK_DEBIAN_DUEDAY_PACKAGE_NAME dueday)
set(CPACK_DEBIAN_DUEDAY_PACKAGE_SECTION utils)
# adduser for postinst; the rest comes from dpkg-shlibdeps (among them
# libgnutls30, which dueday-service links for serve's HTTPS).
set(CPACK_DEBIAN_DUEDAY_PACKAGE_DEPENDS "adduser")
# Each description's first line is the package's synopsis (CPack puts
# CPACK_PACKAGE_DESCRIPTION_SUMMARY there too when it is set: it is not).
set(CPACK_DEBIAN_DUEDAY_DESCRIPTION "UK working-day deadlines for Ofsted inspections
dueday counts working days in England and Wales, Scotland or Northern
Ireland, bank holidays and closures excluded, and keeps a register of
Ofsted inspection visits with the deadlines each one sets: the dueday
command answers when a deadline falls, dueday serve publishes private
iCalendar feeds of them, and dueday notify sends reminder e-mails.
The package adds a dueday system user, keeps the register in
/var/lib/dueday and installs the services' systemd units, not enabled.")
set(CPACK_DEBIAN_DUEDAY_PACKAGE_CONTROL_EXTRA ${DUEDAY_DEB_SRC}/conffiles
  ${DUEDAY_DEB_SRC}/postinst ${DUEDAY_DEB_SRC}/prerm ${DUEDAY_DEB_SRC}/postrm)

# The libraries' packages say which package holds each SONAME (shlibs), so
# that dpkg-shlibdeps finds them for programs built on them, and run
# ldconfig through dpkg's trigger (Debian policy 8.1.1). CPack also writes
# postinst and postrm scripts that call ldconfig themselves (lintian:
# maintscript-calls-ldconfig): redundant, harmless, and not switched off
# in CPack 3.25 short of shipping scripts of our own that do nothing.
set(CPACK_DEBIAN_LIBDUEDAY-CORE0_PACKAGE_CONTROL_EXTRA ${DUEDAY_DEB_SRC}/triggers)
set(CPACK_DEBIAN_LIBDUEDAY0_PACKAGE_CONTROL_EXTRA ${DUEDAY_DEB_SRC}/triggers)
set(CPACK_DEBIAN_LIBDUEDAY-CORE0_PACKAGE_NAME libdueday-core0)
set(CPACK_DEBIAN_LIBDUEDAY-CORE0_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_LIBDUEDAY-CORE0_DESCRIPTION "dueday's core library: UK working days and inspection deadlines
libdueday-core computes dates, UK bank holidays, working-day calendars,
Ofsted visit rules and the schedule of deadlines a visit sets. It needs
libconfig alone.")

set(CPACK_DEBIAN_LIBDUEDAY0_PACKAGE_NAME libdueday0)
set(CPACK_DEBIAN_LIBDUEDAY0_PACKAGE_SECTION libs)
# libdueday.so.0 needs libdueday-core.so.0, which dpkg-shlibdeps finds in
# the build tree, but in no installed package: the dependency is named.
set(CPACK_DEBIAN_LIBDUEDAY0_PACKAGE_DEPENDS "libdueday-core0 (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_LIBDUEDAY0_DESCRIPTION "dueday's service library: register, feeds and reminders
libdueday keeps dueday's register of inspection visits (SQLite), writes
iCalendar feeds of their deadlines and plans and sends reminder e-mails,
on top of libdueday-core.")

set(CPACK_DEBIAN_LIBDUEDAY-DEV_PACKAGE_NAME libdueday-dev)
set(CPACK_DEBIAN_LIBDUEDAY-DEV_PACKAGE_SECTION libdevel)
# The .pc files' Requires.private and Libs.private name these.
set(CPACK_DEBIAN_LIBDUEDAY-DEV_PACKAGE_DEPENDS "libdueday-core0 (= ${PROJECT_VERSION}), \
libdueday0 (= ${PROJECT_VERSION}), libconfig-dev, libical-dev, libsqlite3-dev, \
nettle-dev, libcurl4-openssl-dev | libcurl-dev")
set(CPACK_DEBIAN_LIBDUEDAY-DEV_DESCRIPTION "dueday's libraries: development files
The headers, the static libraries and the pkg-config files (dueday-core.pc,
dueday.pc) for building programs on libdueday-core and libdueday.")

include(CPack)
