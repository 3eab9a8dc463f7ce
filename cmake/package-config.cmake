# Read by cpack (CPACK_PROJECT_CONFIG_FILE) before it packages: the
# programs look for their data and configuration where CMAKE_INSTALL_PREFIX
# said at configure time, so a Debian package is only right from a build
# configured for /usr (/etc, /usr/share/dueday).
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_PACKAGING_INSTALL_PREFIX STREQUAL "/usr")
  message(FATAL_ERROR "The Debian packages need a build configured with "
    "-DCMAKE_INSTALL_PREFIX=/usr (this one has ${CPACK_PACKAGING_INSTALL_PREFIX})")
endif()
