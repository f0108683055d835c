# Installs headers, the static library and a relocatable CMake package config so that
# find_package(treatytext CONFIG REQUIRED) + treatytext::treatytext works for outside projects.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(TREATYTEXT_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/treatytext")

install(TARGETS treatytext EXPORT treatytextTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY cpp/include/treatytext DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT treatytextTargets NAMESPACE treatytext:: DESTINATION ${TREATYTEXT_CMAKE_DIR})
configure_package_config_file(cmake/treatytextConfig.cmake.in
  "${PROJECT_BINARY_DIR}/treatytextConfig.cmake" INSTALL_DESTINATION ${TREATYTEXT_CMAKE_DIR})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/treatytextConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/treatytextConfig.cmake"
  "${PROJECT_BINARY_DIR}/treatytextConfigVersion.cmake"
  cmake/Findutf8proc.cmake cmake/FindSnowball.cmake
  DESTINATION ${TREATYTEXT_CMAKE_DIR})
